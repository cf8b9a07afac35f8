"""Tests of the display layer (escapers, tables, numbers, notebook display)."""
