"""Writes of the goal system: goals and their progress (goals), groups and meetings (groups), stewards (stewards)."""
