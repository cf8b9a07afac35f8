"""Tests of orgshape.strategies, one module per private module of the package."""
