"""Fuzzing the readers: the oracle, the fuzzers and the saved regressions (`make fuzz`)."""
