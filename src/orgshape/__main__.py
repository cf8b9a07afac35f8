"""``python -m orgshape``: the same as the ``orgshape`` command."""

from orgshape.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
