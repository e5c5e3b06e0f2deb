"""Benchmarks of postmortem-editor (not tests): see bench/README.md."""
