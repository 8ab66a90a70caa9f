"""Benchmarks and synthetic data: generators, measurements, the load run. Installed by the bench and test settings
only (ewg/settings_bench.py, ewg/settings_test.py), never in the product or its image."""
