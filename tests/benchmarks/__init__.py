"""Benchmarks of aiowialon, wialon_mock and pytest_wialon, run with ``make bench``.

Every number is printed next to a baseline measured in the same run on the same machine, because
the machines we share are noisy and an absolute time says little. Nothing here is a test: the
test suite never asserts a duration (``test_smoke.py`` only proves each benchmark runs).
"""
