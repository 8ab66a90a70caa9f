"""Views of the goal system, one module per subject; goals/urls.py names their addresses."""
