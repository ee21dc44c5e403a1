"""Benchmark scripts (not tests; CI doesn't run them). See bench/README.md."""
