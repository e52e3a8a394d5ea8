"""Benchmark harness comparing Python's supervisord 4.2.5 with the C++ replacement."""
