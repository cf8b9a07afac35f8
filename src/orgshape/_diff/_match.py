"""Matching two orgs position by position, and the change records between them.

A position of the proposed org is "the same" as one of the current org when they have
the same match key: the id, or a person key such as the email (``key="email"``). An
open role without a key is matched by its requisition. Everything is linear in the
number of positions (dictionaries keyed by the match key; no comparison of pairs).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, cast

import attrs

from orgshape._model import FIELD_DEFAULTS, Org
from orgshape.changes import (
    Added,
    Change,
    Changed,
    DottedLineChanged,
    Moved,
    Relevelled,
    Removed,
    Renamed,
    Retitled,
    who,
)
from orgshape.exceptions import InputError, StructureError
from orgshape.io import columns_for, key_text

__all__ = ["Matched", "Side", "match"]

_MARKS: Final = "\x00\x01\x02\x03"  # match-key namespaces: id, key, unknown ref, req
#: Position fields compared into ``Changed`` records, in this order.
_OTHER_FIELDS: Final = (
    "function",
    "area",
    "products",
    "years_experience",
    "cost",
    "location",
    "assistant",
    "req",
)
_SET_FIELDS: Final = frozenset({"products", "dotted_line"})


def _key_column(org: Org, key: str, side: str) -> tuple[str, bool]:
    """The extra column of ``org`` that holds ``key``, and whether it holds emails.

    Raises:
        InputError: no column fits, or several do.
    """
    extra = org.extra_columns
    if key in extra:
        return key, bool(columns_for([key], "email"))
    if key in ("email", "employee_number"):
        found = columns_for(extra, key)
        if len(found) == 1:
            return found[0], key == "email"
        if len(found) > 1:
            msg = (
                f"key={key!r} fits several columns of the {side} org "
                f"({', '.join(map(repr, found))}); pass the column name as key"
            )
            raise InputError(msg)
    columns = ", ".join(map(repr, extra)) if extra else "none"
    msg = (
        f"cannot match by {key!r}: the {side} org has no such column (its extra columns: "
        f"{columns}); key is 'id', 'email', 'employee_number' or an extra column name"
    )
    raise InputError(msg)


def _people(org: Org, rows: Sequence[int]) -> str:
    ids, names = org.view.ids, org.view.names
    shown = ", ".join(who(ids[i], names[i]) for i in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


class Side:
    """One org seen through the match key: a key per row and the key → row index."""

    def __init__(self, org: Org, key: str | None, side: str) -> None:
        self.org = org
        view = org.view
        ids = view.ids
        self.by_id: Mapping[str, int] = view.index
        if key is None:
            keys: Sequence[str] = ids
            unique = view.unique
        else:
            column, casefold = _key_column(org, key, side)
            values = view.extra_column(column)
            names = view.names
            reqs = view.field("req")
            made: list[str] = []
            missing: list[int] = []
            for i, raw in enumerate(values):
                text = key_text(raw)
                if text is None:
                    if names[i] is not None:
                        missing.append(i)
                    req = reqs[i] if reqs is not None else None
                    # an open role without a key: by requisition, else by id
                    made.append("\x03" + req if req else "\x00" + ids[i])
                else:
                    made.append("\x01" + (text.casefold() if casefold else text))
            if missing:
                noun = "person has" if len(missing) == 1 else "people have"
                msg = (
                    f"cannot match by {key!r}: {len(missing)} {noun} no {column!r} in the "
                    f"{side} org: {_people(org, missing)}"
                )
                raise StructureError(msg)
            unique = False
            keys = made
        self.keys = keys
        index: Mapping[str, int] = (
            view.index if unique else dict(zip(keys, range(len(keys)), strict=True))
        )
        if len(index) != len(keys):
            first: dict[str, int] = {}
            clashes: dict[str, list[int]] = {}
            for i, k in enumerate(keys):
                j = first.setdefault(k, i)
                if j != i:
                    clashes.setdefault(k, [j]).append(i)
            what = "id" if key is None else repr(key)
            listed = "; ".join(
                f"{k.lstrip(_MARKS)!r}: {_people(org, rows)}"
                for k, rows in list(clashes.items())[:10]
            )
            msg = (
                f"cannot match the {side} org by {what}: {len(clashes)} "
                f"{'value is' if len(clashes) == 1 else 'values are'} shared by several "
                f"positions ({listed})"
            )
            raise StructureError(msg)
        self.index = index
        self.raw = key is None  # keys are the ids themselves

    def manager_key(self, i: int) -> str | None:
        """The match key of the manager ``i`` refers to (the raw reference if unknown)."""
        ref = self.org.view.managers[i]
        if ref is None or self.raw:
            return ref
        t = self.by_id.get(ref)
        return self.keys[t] if t is not None else "\x02" + ref

    def ref_keys(self, refs: Iterable[str]) -> frozenset[str]:
        """Match keys of several id references (dotted lines)."""
        if self.raw:
            return frozenset(refs)
        by_id, keys = self.by_id, self.keys
        return frozenset(keys[t] if (t := by_id.get(r)) is not None else "\x02" + r for r in refs)

    def name_of(self, id: str | None) -> str | None:
        """The name of the position with this id (None: no such position or vacant)."""
        if id is None:
            return None
        t = self.by_id.get(id)
        return self.org.view.names[t] if t is not None else None

    def column(self, field: str) -> Sequence[Any] | None:
        return self.org.view.field(field)


@attrs.frozen
class Matched:
    """Two orgs matched: each side through its key, and which rows pair up.

    Attributes:
        old: the current org's side.
        new: the proposed org's side.
        pair: for each proposed row, the current row it matches (None: added).
        changes: every change record, in order.
    """

    old: Side
    new: Side
    pair: list[int | None]
    changes: tuple[Change, ...]


def match(current: Org, proposed: Org, key: str | None) -> Matched:
    """Match two orgs by ``key`` (None: by id) and list the changes between them."""
    old = Side(current, key, "current")
    new = Side(proposed, key, "proposed")
    pair = list(map(old.index.get, new.keys))  # proposed row -> current row or None
    if key is not None:
        _pair_by_req(old, new, pair)
    return Matched(old=old, new=new, pair=pair, changes=_changes(old, new, pair))


def _pair_by_req(old: Side, new: Side, pair: list[int | None]) -> None:
    """Pair the seats left over that share a requisition: an open role filled by someone.

    The proposed seat takes the current seat's match key, so that its reports have not
    moved.
    """
    a_req, b_req = old.column("req"), new.column("req")
    if a_req is None or b_req is None:
        return
    # made for a match key (never the org's own read-only ids and index): re-keyable
    keys, index = new.keys, new.index
    assert isinstance(keys, list)
    assert isinstance(index, dict)
    used = set(pair)
    by_req: dict[str, list[int]] = {}
    for k, req in enumerate(a_req):
        if req and k not in used:
            by_req.setdefault(req, []).append(k)
    for j, req in enumerate(b_req):
        if pair[j] is None and req and len(by_req.get(req, ())) == 1:
            (i,) = by_req.pop(req)
            pair[j] = i
            del index[keys[j]]
            keys[j] = old.keys[i]
            index[keys[j]] = j


def _changes(old: Side, new: Side, pair: list[int | None]) -> tuple[Change, ...]:
    """Every change, in proposed order, then the removals in current order.

    Each kind of change compares one column of the matched rows in C-level passes
    (``map`` over both sides); records are made only for the rows that differ.
    """
    a, b = old.org.view, new.org.view
    found: dict[int, list[Change]] = {}  # proposed row -> its changes, in kind order

    def put(j: int, change: Change) -> None:
        found.setdefault(j, []).append(change)

    nones = itertools.repeat(None)
    js = list(itertools.compress(range(len(pair)), map(operator.is_not, pair, nones)))
    is_ = cast("list[int]", list(map(pair.__getitem__, js)))

    def where(selected: Iterable[object]) -> list[tuple[int, int]]:
        """The matched (proposed, current) rows whose selector is true, in proposed order."""
        return [(js[k], is_[k]) for k in itertools.compress(itertools.count(), selected)]

    def differ(
        ac: Sequence[Any] | None, bc: Sequence[Any] | None, default: Any = None
    ) -> list[tuple[int, int]]:
        """The matched rows whose values differ (a side without the column: ``default``)."""
        olds = map(ac.__getitem__, is_) if ac is not None else itertools.repeat(default)
        news = map(bc.__getitem__, js) if bc is not None else itertools.repeat(default)
        return where(map(operator.ne, olds, news))

    for j in itertools.compress(range(len(pair)), map(operator.is_, pair, nones)):
        ref = b.managers[j]
        put(
            j,
            Added(
                id=b.ids[j],
                name=b.names[j],
                title=b.titles[j],
                level=b.levels[j],
                manager=ref,
                manager_name=new.name_of(ref),
            ),
        )
    if old.raw:
        moved = differ(a.managers, b.managers)
    else:
        moved = where(map(operator.ne, map(old.manager_key, is_), map(new.manager_key, js)))
    for j, i in moved:
        put(
            j,
            Moved(
                id=b.ids[j],
                name=b.names[j],
                old_manager=a.managers[i],
                old_manager_name=old.name_of(a.managers[i]),
                new_manager=b.managers[j],
                new_manager_name=new.name_of(b.managers[j]),
            ),
        )
    at, bt = a.titles, b.titles
    for j, i in differ(at, bt):
        put(j, Retitled(id=b.ids[j], name=b.names[j], old_title=at[i], new_title=bt[j]))
    al, bl = a.levels, b.levels
    for j, i in differ(al, bl):
        put(j, Relevelled(id=b.ids[j], name=b.names[j], old_level=al[i], new_level=bl[j]))
    an, bn = a.names, b.names
    for j, i in differ(an, bn):
        put(j, Renamed(id=b.ids[j], title=bt[j], old_name=an[i], new_name=bn[j]))
    ad, bd = old.column("dotted_line"), new.column("dotted_line")
    if ad is not None or bd is not None:
        no_lines = itertools.repeat(())
        olds = map(ad.__getitem__, is_) if ad is not None else no_lines
        news = map(bd.__getitem__, js) if bd is not None else no_lines
        # the rows with a dotted line on either side (both lines joined: empty or not)
        for j, i in where(map(operator.add, olds, news)):
            od: tuple[str, ...] = ad[i] if ad is not None else ()
            nd: tuple[str, ...] = bd[j] if bd is not None else ()
            if old.ref_keys(od) != new.ref_keys(nd):
                put(
                    j,
                    DottedLineChanged(
                        id=b.ids[j],
                        name=b.names[j],
                        old_dotted_line=tuple(od),
                        old_dotted_names=tuple(old.name_of(r) for r in od),
                        new_dotted_line=tuple(nd),
                        new_dotted_names=tuple(new.name_of(r) for r in nd),
                    ),
                )
    for field in _OTHER_FIELDS:
        ac, bc = old.column(field), new.column(field)
        if ac is None and bc is None:
            continue
        default = FIELD_DEFAULTS[field]
        as_set = field in _SET_FIELDS
        for j, i in differ(ac, bc, default):
            ov = ac[i] if ac is not None else default
            nv = bc[j] if bc is not None else default
            if as_set and frozenset(ov) == frozenset(nv):
                continue
            put(j, Changed(id=b.ids[j], name=b.names[j], field=field, old=ov, new=nv))

    out: list[Change] = []
    for j in sorted(found):
        out.extend(found[j])
    kept = set(is_)
    for i in itertools.filterfalse(kept.__contains__, range(len(a.ids))):
        ref = a.managers[i]
        out.append(
            Removed(
                id=a.ids[i],
                name=a.names[i],
                title=a.titles[i],
                level=a.levels[i],
                manager=ref,
                manager_name=old.name_of(ref),
            )
        )
    return tuple(out)
