"""The atheris target instruments imports when it is imported: only `make fuzz` runs it."""

collect_ignore = ["atheris_target.py"]
