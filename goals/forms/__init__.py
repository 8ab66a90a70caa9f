"""Forms of the goal pages (goals) and of the group pages (groups)."""
