"""The DataFrame reader: pandas and polars frames to a table of raw values.

pandas marks missing cells as NaN, NA or None and turns a column of whole numbers with a
blank into floats; the table gets None for every missing cell and the whole numbers back
(``7.0`` → ``7``), so that ids read the same as from the CSV file the frame came from.
"""

from __future__ import annotations

from typing import Any

from orgshape._problems import ProblemCode
from orgshape.io._table import Table, clean_header, fatal

__all__ = ["frame_table", "is_frame"]


def is_frame(source: Any) -> bool:
    """Whether ``source`` is a pandas or polars DataFrame (without importing either)."""
    module = type(source).__module__ or ""
    return (module.startswith("pandas") and hasattr(source, "columns")) or (
        module.startswith("polars") and hasattr(source, "to_dicts")
    )


def frame_table(frame: Any, *, source: str | None = None) -> Table:
    """A pandas or polars DataFrame as a table (records numbered from 1).

    Raises:
        DataError: the frame has no rows (EMPTY_INPUT).
    """
    module = type(frame).__module__ or ""
    if module.startswith("polars"):
        header = [str(c) for c in frame.columns]
        columns = [frame.get_column(c).to_list() for c in frame.columns]
    else:
        header, columns = _pandas_columns(frame)
    if not columns or not columns[0]:
        raise fatal(ProblemCode.EMPTY_INPUT, "the DataFrame is empty", source)
    return Table.from_columns(header, columns)


def _pandas_columns(frame: Any) -> tuple[list[str], list[list[Any]]]:
    """A DataFrame's columns as raw values: NaN/NA/None → None, integral floats → ints."""
    import pandas as pd  # noqa: PLC0415  (only reached with a DataFrame in hand)

    header = clean_header([str(c) for c in frame.columns])  # (numbers repeated names)
    columns: list[list[Any]] = []
    for k in range(len(header)):
        series = frame.iloc[:, k]
        values = series.tolist()
        missing = pd.isna(series).tolist()
        integral = series.dtype.kind == "f" and all(
            m or float(v).is_integer() for v, m in zip(values, missing, strict=True)
        )
        columns.append(
            [
                None if m else (int(v) if integral else v)
                for v, m in zip(values, missing, strict=True)
            ]
        )
    return header, columns
