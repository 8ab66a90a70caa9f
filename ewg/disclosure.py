"""The small-count rule every published figure follows (the dashboard's cells, the goals' computed indicators): a
number of persons from 1 to 4 is never shown, nor anything it could be worked out from. 0 is shown: it says nobody,
which identifies nobody."""

THRESHOLD = 5


def is_small(persons: int) -> bool:
    return 0 < persons < THRESHOLD
