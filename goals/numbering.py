"""The order of goal numbers: "1.2" before "1.10"."""

import re


def number_key(goal) -> tuple:
    """Goals sorted by the parts of their number, then by id."""
    # Numbers are free text ("1.a", "I"): digits and words must compare with each other, digits first.
    parts = (part for part in re.split(r"[.\s]+", goal.number) if part)
    key = tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part) for part in parts)
    return key, goal.pk
