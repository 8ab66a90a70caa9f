"""Synthetic data and measurement helpers for the scale tests (generate_cases, measure_cases)."""
