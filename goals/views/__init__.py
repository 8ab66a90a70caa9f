"""Views of the goal system, one module per subject; goals/urls_*.py join them into the goals namespace."""
