"""Compute expected.json for the real-data corpus without orgshape.

Only the standard library is used. Each file is read with the column choices
written in SPECS below (the same choices the README states per file), and the
structure is derived from the raw cells: positions, roots, layers, the widest
span, vacancies, a few named people, external managers of sub-org tops, data
problems with their 1-based row numbers (in a CSV the header is row 1; rows
count records as a spreadsheet shows them, so a quoted cell holding a line
break does not add a row) and parsed numbers for the locale files.

Run from anywhere: ``python tests/data/real/compute_expected.py`` rewrites
``expected.json`` beside this file; ``--check`` only compares.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

Spec = dict[str, Any]
Json = dict[str, Any]

HERE = Path(__file__).resolve().parent

# kind: what the manager column refers to (the column it is matched against)
SPECS: list[Spec] = [
    {
        "file": "scott_emp.csv",
        "id": "EMPNO",
        "name": ["ENAME"],
        "title": "JOB",
        "manager": "MGR",
        "refers": ("id", "EMPNO"),
        "people": ["7839", "7566", "7369"],
        "numbers": {"SAL": {"decimal": "."}, "COMM": {"decimal": "."}},
        "values_of": ["7499"],
    },
    {
        "file": "oracle_hr_employees.csv",
        "id": "EMPLOYEE_ID",
        "name": ["FIRST_NAME", "LAST_NAME"],
        "title": "JOB_ID",
        "manager": "MANAGER_ID",
        "refers": ("id", "EMPLOYEE_ID"),
        "people": ["100", "112", "178"],
        "numbers": {"SALARY": {"decimal": "."}, "COMMISSION_PCT": {"decimal": "."}},
        "values_of": ["145", "178"],
    },
    {
        "file": "d3-org-chart_data.csv",
        "id": "id",
        "name": ["name", "lastName"],
        "title": "position",
        "manager": "parentId",
        "refers": ("id", "id"),
        "people": ["100", "102", "206"],
    },
    {
        "file": "chinook_employee.csv",
        "id": "EmployeeId",
        "name": ["FirstName", "LastName"],
        "title": "Title",
        "manager": "ReportsTo",
        "refers": ("id", "EmployeeId"),
        "people": ["1", "2", "8"],
    },
    {
        "file": "northwind_employees.csv",
        "id": "EmployeeID",
        "name": ["FirstName", "LastName"],
        "title": "Title",
        "manager": "ReportsTo",
        "refers": ("id", "EmployeeID"),
        "people": ["2", "5", "9"],
    },
    {
        "file": "drawio_orgchart_example.txt",
        "comment_prefix": "#",
        "id": "id",
        "name": ["name"],
        "title": "position",
        "manager": "manager",
        "refers": ("name", "name"),
        "people": ["emi", "rdo"],
    },
    {
        "file": "google_charts_orgchart.csv",
        "id": "Name",
        "name": ["Name"],
        "title": None,
        "manager": "Manager",
        "refers": ("id", "Name"),
        "people": ["Mike", "Carol"],
    },
    {
        "file": "d3_stratify_name_parent.csv",
        "id": "name",
        "name": ["name"],
        "title": None,
        "manager": "parent",
        "refers": ("id", "name"),
        "people": ["Eve", "Enoch"],
    },
    {
        "file": "d3_stratify_paths.csv",
        "id": "path",
        "name": None,
        "title": None,
        "manager": None,
        "path": "path",
        "path_sep": "/",
        "people": ["Eve", "Eve/Awan/Enoch"],
    },
    {
        "file": "adventureworks_neworg_paths.csv",
        "id": "EmployeeID",
        "name": None,
        "title": None,
        "manager": None,
        "path": "LogicalNode",
        "path_sep": "/",
        "people": ["1", "7", "12"],
    },
    {
        "file": "adventureworks_employeedemo.csv",
        "id": "E_ID",
        "name": None,
        "title": "JobTitle",
        "manager": "MgrID",
        "refers": ("id", "E_ID"),
        "null": ["NULL"],
        "people": ["1", "3", "4"],
        "alt_manager": ("Manager", "LoginID"),
    },
    {
        "file": "google_workspace_users.csv",
        "encoding": "utf-8-sig",
        "id": "Email Address [Required]",
        "name": ["First Name [Required]", "Last Name [Required]"],
        "title": "Employee Title",
        "manager": "Manager Email",
        "refers": ("email", "Email Address [Required]"),
        "people": ["andrew@chinookcorp.com", "laura@chinookcorp.com"],
    },
    {
        "file": "ad_get-aduser_export.csv",
        "preamble": 1,
        "id": "UserPrincipalName",
        "name": ["Name"],
        "title": "Title",
        "manager": "managerUserPrincipalName",
        "refers": ("upn", "UserPrincipalName"),
        "alt_manager": ("manager", "DistinguishedName"),
        "people": ["andrew.fuller@northwind.local", "anne.dodsworth@northwind.local"],
    },
    {
        "file": "bamboohr_sales_report.csv",
        "id": "Employee #",
        "name": ["First Name", "Last Name"],
        "title": "Job Title",
        "manager": "Reporting to",
        "refers": ("name", "__name__"),
        "people": ["145", "150", "179"],
    },
    {
        "file": "hibob_people_search.json",
        "format": "hibob",
        "id": "id",
        "name": ["displayName"],
        "title": "work.title",
        "manager": "work.reportsTo.id",
        "refers": ("id", "id"),
        "people": ["100", "103", "113"],
    },
    {
        "file": "workday_suborg_yang.csv",
        "id": "Employee_ID",
        "name": ["Worker"],
        "title": "Business_Title",
        "manager": "Manager_ID",
        "refers": ("id", "Employee_ID"),
        "people": ["101", "108", "206"],
    },
    {
        "file": "excel_de_semicolon.csv",
        "encoding": "cp1252",
        "delimiter": ";",
        "id": "Employee ID",
        "name": ["First Name", "Last Name"],
        "title": "Job Title",
        "manager": "Manager ID",
        "refers": ("id", "Employee ID"),
        "people": ["100", "145", "206"],
        "numbers": {
            "Annual Salary": {"decimal": ",", "thousands": ".", "currency": "€"},
            "Daily Rate": {"decimal": ",", "thousands": "."},
            "Commission": {"decimal": ","},
            "Tenure (years)": {"decimal": ","},
        },
        "values_of": ["100", "145", "102"],
    },
    {
        "file": "excel_us.csv",
        "encoding": "cp1252",
        "id": "Employee ID",
        "name": ["First Name", "Last Name"],
        "title": "Job Title",
        "manager": "Manager ID",
        "refers": ("id", "Employee ID"),
        "people": ["100", "145", "206"],
        "numbers": {
            "Annual Salary": {"decimal": ".", "thousands": ",", "currency": "$"},
            "Daily Rate": {"decimal": ".", "thousands": ","},
            "Commission": {"decimal": ".", "percent": True},
            "Tenure (years)": {"decimal": "."},
        },
        "values_of": ["100", "145", "102"],
    },
    {
        "file": "excel_hr_titled.xlsx",
        "from_csv": "excel_us.csv",
        "sheet": "Employees",
        "row_offset": 3,
        "encoding": "cp1252",
        "id": "Employee ID",
        "name": ["First Name", "Last Name"],
        "title": "Job Title",
        "manager": "Manager ID",
        "refers": ("id", "Employee ID"),
        "people": ["100", "145", "206"],
        "numbers": {
            "Annual Salary": {"decimal": ".", "thousands": ",", "currency": "$"},
            "Daily Rate": {"decimal": ".", "thousands": ","},
            "Commission": {"decimal": ".", "percent": True},
            "Tenure (years)": {"decimal": "."},
        },
        "values_of": ["100", "145", "102"],
    },
    {
        "file": "networkx_edgelist_scott.csv",
        "format": "edgelist",
        "source": "source",
        "target": "target",
        "people": ["7839", "7902"],
    },
    {
        "file": "orgchart_dabeng_datasource.json",
        "format": "nested",
        "name_key": "name",
        "title_key": "title",
        "people": ["Lao Lao", "Dan Dan"],
    },
    {
        "file": "visio_orgchart_wizard.csv",
        "id": "Name",
        "name": ["Name"],
        "title": "Title",
        "manager": "Reports_To",
        "refers": ("name", "Name"),
        "people": ["Fuller, Andrew", "Dodsworth, Anne"],
    },
]


def read_records(spec: Spec) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, record) pairs as a spreadsheet would number them."""
    path = HERE / str(spec.get("from_csv", spec["file"]))
    text = path.read_bytes().decode(spec.get("encoding", "utf-8"))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.get("delimiter", ",")))
    start = spec.get("preamble", 0)
    if "comment_prefix" in spec:
        while records[start] == [] or records[start][0].startswith(spec["comment_prefix"]):
            start += 1
    header = records[start]
    offset = spec.get("row_offset", 0)
    out = []
    for i, rec in enumerate(records[start + 1 :], start=start + 2):
        if not rec:
            continue
        out.append((i + offset, dict(zip(header, rec, strict=False))))
    return header, out


def parse_number(raw: str, fmt: Json) -> float | None:
    s = raw.strip()
    if s == "":
        return None
    if fmt.get("currency"):
        s = s.replace(fmt["currency"], "")
    percent = fmt.get("percent") and s.endswith("%")
    s = s.rstrip("%").strip()
    if fmt.get("thousands"):
        s = s.replace(fmt["thousands"], "")
    if fmt["decimal"] != ".":
        s = s.replace(fmt["decimal"], ".")
    value = float(s)
    return value / 100 if percent else value


def structure(ids: list[str], parent: dict[str, str | None], rows: dict[str, int]) -> Json:
    children: dict[str, list[str]] = {i: [] for i in ids}
    for i in ids:
        p = parent[i]
        if p is not None:
            children[p].append(i)
    roots = [i for i in ids if parent[i] is None]
    depth: dict[str, int] = {}
    stack = [(r, 1) for r in roots]
    while stack:
        node, d = stack.pop()
        depth[node] = d
        stack.extend((c, d + 1) for c in children[node])
    in_cycle = sorted((i for i in ids if i not in depth), key=lambda i: rows.get(i, 0))
    spans = {i: len(c) for i, c in children.items()}
    max_span = max(spans.values()) if spans else 0
    return {
        "roots": len(roots),
        "root_ids": roots,
        "layers": max(depth.values()) if depth else 0,
        "max_span": max_span,
        "max_span_ids": [i for i in ids if spans[i] == max_span],
        "_depth": depth,
        "_spans": spans,
        "_cycle": in_cycle,
    }


def tabular(spec: Spec) -> Json:
    _header, recs = read_records(spec)
    idc = spec["id"]
    ids: list[str] = []
    rows: dict[str, int] = {}
    problems: list[Json] = []
    by_id: dict[str, dict[str, str]] = {}
    for row, rec in recs:
        key = rec[idc].strip()
        if key in by_id:
            problems.append({"code": "DUPLICATE_ID", "row": row, "value": key})
            continue
        ids.append(key)
        rows[key] = row
        by_id[key] = rec

    def name_of(rec: dict[str, str]) -> str | None:
        if not spec.get("name"):
            return None
        parts = [rec[c].strip() for c in spec["name"] if rec.get(c, "").strip()]
        return " ".join(parts) if parts else ""

    parent: dict[str, str | None] = {}
    external: dict[str, str] = {}
    if spec.get("path"):
        sep = spec["path_sep"]
        by_path = {by_id[i][spec["path"]].strip().strip(sep): i for i in ids}
        for i in ids:
            p = by_id[i][spec["path"]].strip().strip(sep)
            up = p.rsplit(sep, 1)[0] if sep in p else ("" if p else None)
            if up is None or (up == "" and "" not in by_path):
                parent[i] = None
            elif up in by_path:
                parent[i] = by_path[up]
            else:
                parent[i] = None
                external[i] = up
    else:
        _kind, target = spec["refers"]
        if target == "__name__":
            lookup = {name_of(by_id[i]): i for i in ids}
        else:
            lookup = {}
            for i in ids:
                lookup.setdefault(by_id[i][target].strip(), i)
        nulls = set(spec.get("null", []))
        for i in ids:
            m = by_id[i].get(spec["manager"], "").strip()
            own = by_id[i][target].strip() if target != "__name__" else name_of(by_id[i])
            if m == "" or m in nulls or m == own:
                parent[i] = None
            elif m in lookup:
                parent[i] = lookup[m]
            else:
                parent[i] = None
                external[i] = m
        if spec.get("alt_manager"):
            col, tgt = spec["alt_manager"]
            alt = {by_id[i][tgt].strip(): i for i in ids}
            for i in ids:
                m = by_id[i][col].strip()
                got = None if m in ("", *nulls) else alt.get(m, "?")
                assert got == parent[i], (spec["file"], i, m, got, parent[i])
    st = structure(ids, parent, rows)
    for i in st["_cycle"]:
        problems.append({"code": "CYCLE", "row": rows[i], "value": i})
    names_known = bool(spec.get("name"))
    vacancies = sum(1 for i in ids if names_known and name_of(by_id[i]) == "")
    people = {}
    for i in spec["people"]:
        rec = by_id[i]
        people[i] = {
            "row": rows[i],
            "name": name_of(rec),
            "title": rec[spec["title"]].strip() if spec.get("title") else None,
            "manager_id": parent[i],
            "layer": st["_depth"].get(i),
            "direct_reports": st["_spans"][i],
        }
    result = {
        "positions": len(ids),
        "roots": st["roots"],
        "root_ids": st["root_ids"],
        "layers": st["layers"],
        "max_span": st["max_span"],
        "max_span_ids": st["max_span_ids"],
        "vacancies": vacancies,
        "names_known": names_known,
        "people": people,
        "external_managers": dict(external),
        "problems": problems,
    }
    if spec.get("numbers"):
        values = {}
        for i in spec.get("values_of", []):
            values[i] = {c: parse_number(by_id[i][c], f) for c, f in spec["numbers"].items()}
        result["values"] = values
    return result


def edgelist(spec: Spec) -> Json:
    _, recs = read_records(spec)
    parent: dict[str, str | None] = {}
    order: list[str] = []
    rows: dict[str, int] = {}
    for row, rec in recs:
        s, t = rec[spec["source"]].strip(), rec[spec["target"]].strip()
        for n in (s, t):
            if n not in parent:
                parent[n] = None
                order.append(n)
        parent[t] = s
        rows[t] = row
    st = structure(order, parent, rows)
    return {
        "positions": len(order),
        "roots": st["roots"],
        "root_ids": st["root_ids"],
        "layers": st["layers"],
        "max_span": st["max_span"],
        "max_span_ids": st["max_span_ids"],
        "vacancies": 0,
        "names_known": False,
        "people": {
            i: {
                "row": rows.get(i),
                "name": None,
                "title": None,
                "manager_id": parent[i],
                "layer": st["_depth"][i],
                "direct_reports": st["_spans"][i],
            }
            for i in spec["people"]
        },
        "created_from_edges": [n for n in order if n not in rows],
        "external_managers": {},
        "problems": [],
    }


def nested(spec: Spec) -> Json:
    data = json.loads((HERE / spec["file"]).read_text("utf-8"))
    parent: dict[str, str | None] = {}
    titles: dict[str, str | None] = {}
    order: list[str] = []
    stack: list[tuple[Json, str | None]] = [(data, None)]
    while stack:
        node, up = stack.pop(0)
        key = node[spec["name_key"]]
        order.append(key)
        parent[key] = up
        titles[key] = node.get(spec["title_key"])
        stack.extend((c, key) for c in node.get("children", []))
    st = structure(order, parent, {})
    return {
        "positions": len(order),
        "roots": st["roots"],
        "root_ids": st["root_ids"],
        "layers": st["layers"],
        "max_span": st["max_span"],
        "max_span_ids": st["max_span_ids"],
        "vacancies": 0,
        "names_known": True,
        "people": {
            i: {
                "row": None,
                "name": i,
                "title": titles[i],
                "manager_id": parent[i],
                "layer": st["_depth"][i],
                "direct_reports": st["_spans"][i],
            }
            for i in spec["people"]
        },
        "external_managers": {},
        "problems": [],
    }


def hibob(spec: Spec) -> Json:
    data = json.loads((HERE / spec["file"]).read_text("utf-8"))["employees"]
    ids = [e["id"] for e in data]
    by_id = {e["id"]: e for e in data}
    parent = {}
    external = {}
    for e in data:
        up = (e["work"].get("reportsTo") or {}).get("id")
        parent[e["id"]] = up if up in by_id else None
        if up is not None and up not in by_id:
            external[e["id"]] = up
    rows = {e["id"]: n for n, e in enumerate(data, start=1)}
    st = structure(ids, parent, rows)
    return {
        "positions": len(ids),
        "roots": st["roots"],
        "root_ids": st["root_ids"],
        "layers": st["layers"],
        "max_span": st["max_span"],
        "max_span_ids": st["max_span_ids"],
        "vacancies": sum(1 for e in data if not e["displayName"].strip()),
        "names_known": True,
        "people": {
            i: {
                "row": rows[i],
                "name": by_id[i]["displayName"],
                "title": by_id[i]["work"]["title"],
                "manager_id": parent[i],
                "layer": st["_depth"][i],
                "direct_reports": st["_spans"][i],
            }
            for i in spec["people"]
        },
        "external_managers": external,
        "problems": [],
    }


def columns_of(spec: Spec) -> Json:
    fmt = spec.get("format", "csv")
    if fmt == "edgelist":
        return {
            "id": None,
            "name": None,
            "title": None,
            "manager": spec["target"] + " <- " + spec["source"],
            "manager_refers_to": "id (edge source is the manager of the edge target)",
        }
    if fmt == "nested":
        return {
            "id": None,
            "name": spec["name_key"],
            "title": spec["title_key"],
            "manager": "nesting (children)",
            "manager_refers_to": "the enclosing node",
        }
    if spec.get("path"):
        return {
            "id": spec["id"],
            "name": spec["name"],
            "title": spec["title"],
            "manager": spec["path"],
            "manager_refers_to": "path (the parent of the row's path)",
        }
    kind, target = spec["refers"]
    tgt = "the joined name parts" if target == "__name__" else target
    return {
        "id": spec["id"],
        "name": spec["name"],
        "title": spec["title"],
        "manager": spec["manager"],
        "manager_refers_to": f"{kind} (matched against {tgt})",
    }


def compute() -> Json:
    out = {}
    for spec in SPECS:
        fmt = spec.get("format", "csv")
        result = {"edgelist": edgelist, "nested": nested, "hibob": hibob}.get(fmt, tabular)(spec)
        entry = {"columns": columns_of(spec)}
        if "sheet" in spec:
            entry["sheet"] = spec["sheet"]
            entry["header_row"] = 1 + spec["row_offset"]
        entry.update(result)
        out[spec["file"]] = entry
    return out


def main() -> int:
    expected = compute()
    text = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    target = HERE / "expected.json"
    if "--check" in sys.argv:
        same = target.exists() and target.read_text("utf-8") == text
        print("expected.json is up to date" if same else "expected.json differs")
        return 0 if same else 1
    target.write_text(text, "utf-8")
    print(f"wrote {target.name}: {len(expected)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
