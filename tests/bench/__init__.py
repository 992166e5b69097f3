"""`python -m tests.bench.run`: the benchmark report (docs/benchmarks.md)."""
