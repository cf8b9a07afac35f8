"""Tests for orgshape.io._cursor: reading a query result from a real SQLite database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from orgshape import InputError, ProblemCode, detect_mapping, read
from tests.io.helpers import problem_of

#: The Northwind sample schema's Employees table (its first nine people, as published).
EMPLOYEES = [
    (1, "Davolio", "Nancy", "Sales Representative", 2),
    (2, "Fuller", "Andrew", "Vice President, Sales", None),
    (3, "Leverling", "Janet", "Sales Representative", 2),
    (4, "Peacock", "Margaret", "Sales Representative", 2),
    (5, "Buchanan", "Steven", "Sales Manager", 2),
    (6, "Suyama", "Michael", "Sales Representative", 5),
    (7, "King", "Robert", "Sales Representative", 5),
    (8, "Callahan", "Laura", "Inside Sales Coordinator", 2),
    (9, "Dodsworth", "Anne", "Sales Representative", 5),
]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A SQLite database file holding the Northwind Employees table."""
    path = tmp_path / "northwind.sqlite"
    with sqlite3.connect(path) as setup:
        setup.execute(
            "CREATE TABLE Employees (EmployeeID INTEGER PRIMARY KEY, LastName TEXT, "
            "FirstName TEXT, Title TEXT, ReportsTo INTEGER REFERENCES Employees)"
        )
        setup.executemany("INSERT INTO Employees VALUES (?, ?, ?, ?, ?)", EMPLOYEES)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


class TestDbApiCursor:
    def test_query_result(self, database: sqlite3.Connection) -> None:
        """An executed cursor loads: names from cursor.description, integer ids as text."""
        org = read(database.execute("SELECT * FROM Employees ORDER BY EmployeeID"))
        assert len(org) == 9
        assert org.root.id == "2"
        assert org["2"].name == "Andrew Fuller"
        assert [p.id for p in org.reports("5")] == ["6", "7", "9"]
        assert org.problems == ()

    def test_detected_mapping(self, database: sqlite3.Connection) -> None:
        """The mapping step sees the query's column names."""
        mapping = detect_mapping(database.execute("SELECT * FROM Employees"))
        assert mapping.columns["id"] == "EmployeeID"
        assert mapping.columns["manager"] == "ReportsTo"
        assert (mapping.columns["first_name"], mapping.columns["last_name"]) == (
            "FirstName",
            "LastName",
        )

    def test_aliased_columns(self, database: sqlite3.Connection) -> None:
        """Column aliases in the query are the headers."""
        cursor = database.execute(
            "SELECT EmployeeID AS id, FirstName || ' ' || LastName AS name, Title AS title, "
            "ReportsTo AS manager_id FROM Employees"
        )
        org = read(cursor)
        assert org["9"].name == "Anne Dodsworth"
        assert org["9"].manager == "5"

    def test_many_rows_in_chunks(self, database: sqlite3.Connection) -> None:
        """A result larger than one fetch chunk loads whole."""
        database.executemany(
            "INSERT INTO Employees VALUES (?, ?, ?, ?, ?)",
            [(k, f"L{k}", f"F{k}", "Sales Representative", 5) for k in range(10, 10_010)],
        )
        org = read(database.execute("SELECT * FROM Employees"))
        assert len(org) == 10_009
        assert len(org.reports("5")) == 10_003

    def test_no_result_set(self, database: sqlite3.Connection) -> None:
        """A cursor before execute, or after a statement without rows, says what to do."""
        with pytest.raises(InputError, match="execute"):
            read(database.cursor())
        with pytest.raises(InputError, match="no result set"):
            read(database.execute("UPDATE Employees SET Title = Title"))

    def test_empty_result(self, database: sqlite3.Connection) -> None:
        """A query that returns no rows is EMPTY_INPUT."""
        cursor = database.execute("SELECT * FROM Employees WHERE EmployeeID < 0")
        assert problem_of(lambda: read(cursor)).code == ProblemCode.EMPTY_INPUT

    def test_data_problems_have_rows(self, database: sqlite3.Connection) -> None:
        """Problems in a query result name the 1-based result row."""
        database.execute("UPDATE Employees SET ReportsTo = 42 WHERE EmployeeID = 9")
        org = read(database.execute("SELECT * FROM Employees ORDER BY EmployeeID"), strict=False)
        problem = next(p for p in org.problems if p.code == ProblemCode.UNKNOWN_MANAGER)
        assert (problem.row, problem.id, problem.related) == (9, "9", ("42",))


class TestSqlAlchemyResult:
    def test_result(self, tmp_path: Path, database: sqlite3.Connection) -> None:
        """A SQLAlchemy result gives its column names from keys() and its rows as tuples."""
        engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'northwind.sqlite'}")
        try:
            with engine.connect() as connection:
                result = connection.execute(sqlalchemy.text("SELECT * FROM Employees"))
                org = read(result)
        finally:
            engine.dispose()
        assert len(org) == 9
        assert org.root.name == "Andrew Fuller"
        assert org["6"].manager == "5"
