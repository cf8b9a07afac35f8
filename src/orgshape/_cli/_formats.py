"""Report formats of ``orgshape check``: JSON, GitHub annotations, SARIF; and policy TOML.

Glossary:
    workflow command: a line ``::error file=F,line=L,title=T::message`` that GitHub
        Actions turns into an annotation on the file and line. Property values escape
        ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF (the rules
        of ``@actions/core``); data in either is first in its visible form, so a CR
        or LF in a name shows as ``[U+000A]`` and can never split an annotation.
    SARIF: the OASIS Static Analysis Results Interchange Format, version 2.1.0, which
        GitHub code scanning (and other dashboards) upload. One run; the rules that
        fired are described in ``tool.driver.rules``; each finding is a result.
    line: a finding's ``row`` is a line of the file only for CSV and TSV (the header is
        line 1); in JSON and YAML it counts records, so it is not used as a line there.

Every writer is deterministic: the same findings give byte-identical text. JSON and
SARIF are written by the display layer's JSON-as-text writer: control, bidi and
invisible characters from the data are ``\\uXXXX`` escapes, so the output is inert on a
terminal or in a CI log and parses back to exactly the same strings; SARIF messages
(shown to people by code-scanning pages) are in the visible form.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final

from orgshape._display import github_data, github_property, json_text, visible
from orgshape._version import PROJECT_URL, SCHEMA_VERSION, __version__
from orgshape.rules import Finding, Severity

if TYPE_CHECKING:
    from orgshape.rules import Report, Rule

__all__ = [
    "JSON_SCHEMA_VERSION",
    "SARIF_SCHEMA",
    "check_json",
    "github_annotations",
    "is_line_addressable",
    "policy_toml",
    "sarif_log",
]

#: The version of the layout of ``orgshape check --format json`` (orgshape's one version).
JSON_SCHEMA_VERSION: Final = SCHEMA_VERSION
#: The JSON schema of SARIF 2.1.0, by the address GitHub's code-scanning docs use.
SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMAND: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}
_LINE_SUFFIXES: Final = frozenset({".csv", ".tsv", ".txt"})


def _dumps(data: object) -> str:
    return json_text(data, indent=2)


def is_line_addressable(source: str | None) -> bool:
    """Whether a finding's row in ``source`` is a line of the file (CSV and TSV).

    Examples:
        >>> is_line_addressable("org.csv"), is_line_addressable("org.yaml")
        (True, False)
    """
    return source is not None and PurePath(source).suffix.lower() in _LINE_SUFFIXES


# --------------------------------------------------------------------------- JSON


def check_json(results: Sequence[tuple[str, Report]], *, policies: Sequence[str | None]) -> str:
    """The JSON document of ``orgshape check --format json``.

    Keys: ``schema_version``; ``source`` (the file, when one was checked) and
    ``sources`` (every file); ``policy`` (the policy file every file was checked
    against, or null for the defaults or when they differ) and ``policies`` (the
    policy file of each of ``sources``, in the same order); ``ok`` (no errors);
    ``counts`` per severity; ``findings``, file by file in the order given, each sorted as
    :class:`~orgshape.rules.Report` sorts them, each with ``code``, ``name``,
    ``severity``, ``ids`` (the people, main person first), ``message``, ``hint``,
    ``row`` and ``source``.
    """
    findings = [f for _, report in results for f in report]
    counts = dict.fromkeys((s.value for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)), 0)
    for f in findings:
        counts[f.severity.value] += 1
    sources = [path for path, _ in results]
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "source": sources[0] if len(sources) == 1 else None,
        "sources": sources,
        "policy": policies[0] if len(set(policies)) == 1 else None,
        "policies": list(policies),
        "ok": counts["error"] == 0,
        "counts": counts,
        "findings": [f.to_dict() for f in findings],
    }
    return _dumps(data)


# --------------------------------------------------------------------------- GitHub


def _file(source: str) -> str:
    """A file as GitHub and SARIF want it: forward slashes, no leading ``./``."""
    return PurePath(source).as_posix()


def github_annotations(findings: Iterable[Finding], *, policy: str | None = None) -> str:
    r"""GitHub Actions workflow commands, one line per finding.

    Args:
        findings: the findings.
        policy: how to name the policy they were found with; each message ends with
            ``policy: ...`` when given.

    Examples:
        >>> f = Finding(code="X_Y", name="x-y", severity="warning", message="1 of 2: 50%",
        ...             hint="merge", row=7, source="a,b.csv")
        >>> print(github_annotations([f]))
        ::warning file=a%2Cb.csv,line=7,title=X_Y (x-y)::1 of 2: 50%25%0Ahint: merge
    """
    lines = []
    for f in findings:
        props = []
        if f.source:
            props.append(f"file={github_property(_file(f.source))}")
        message = [f.message]
        if f.row is not None:
            if is_line_addressable(f.source):
                props.append(f"line={f.row}")
            else:
                message[0] = f"record {f.row}: {f.message}"
        props.append(f"title={github_property(f'{f.code} ({f.name})')}")
        if f.hint:
            message.append(f"hint: {f.hint}")
        if policy:
            message.append(f"policy: {policy}")
        command = _GITHUB_COMMAND[f.severity]
        text = "%0A".join(map(github_data, message))  # orgshape's own line breaks
        lines.append(f"::{command} {','.join(props)}::{text}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- SARIF


def _uri(source: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415  (only SARIF needs it)

    path = PurePath(source)
    if path.is_absolute():
        from pathlib import Path  # noqa: PLC0415

        return Path(source).as_uri()
    return quote(_file(source), safe="/-._~")


def _first_paragraph(text: str) -> str:
    first = text.strip().split("\n\n", 1)[0]
    return " ".join(first.split())[:1000]


def _plain(text: str) -> str:
    """Rationale text without reStructuredText's double backticks."""
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _descriptor(code: str, rule: Rule | None, sample: Finding) -> dict[str, Any]:
    rationale = _plain(rule.rationale) if rule is not None and rule.rationale else ""
    hint = (rule.hint if rule is not None else "") or sample.hint
    name = rule.name if rule is not None else sample.name
    level = rule.severity if rule is not None else sample.severity
    short = _first_paragraph(rationale) or name.replace("-", " ")
    help_text = f"{rationale}\n\nHow to fix: {hint}" if hint else rationale or short
    descriptor: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rationale or short},
        "help": {"text": help_text.strip()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[level]},
    }
    if rule is not None:
        descriptor["properties"] = {"tags": ["org-design", rule.group]}
    return descriptor


def _fingerprint(f: Finding) -> str:
    """A finding's identity across runs: its rule and its people, not its row or wording."""
    import hashlib  # noqa: PLC0415  (only SARIF needs it; it loads OpenSSL)

    key = "\x1f".join((f.code, *sorted(f.ids))) if f.ids else f"{f.code}\x1f{f.message}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(f: Finding, index: int) -> dict[str, Any]:
    message = f.message
    line = 1
    if f.row is not None:
        if is_line_addressable(f.source):
            line = f.row
        else:
            message = f"record {f.row}: {message}"
    message = visible(message)
    if f.hint:
        message = f"{message}\nhint: {visible(f.hint)}"
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(f.source or "org")},
            # GitHub needs a line; a finding with none points at the top of the file.
            "region": {"startLine": line},
        }
    }
    if f.ids:
        location["logicalLocations"] = [
            {"name": person, "kind": "member", "fullyQualifiedName": f"position/{person}"}
            for person in f.ids
        ]
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"orgshapeFinding/v1": _fingerprint(f)},
        "properties": {"ids": list(f.ids), "row": f.row},
    }


def sarif_log(
    findings: Sequence[Finding],
    rules: Mapping[str, Rule],
    *,
    policies: Mapping[str, str | None] | None = None,
) -> str:
    """A SARIF 2.1.0 log of the findings (one run; the rules that fired, sorted by code).

    Args:
        findings: the findings, in report order.
        rules: every known rule by code (built-in and the policy's custom rules), for
            the rule descriptions; a code missing there is described from its findings.
        policies: each file checked and the policy file it was checked against (None:
            the defaults), kept in the run's property bag (``properties.policies``, a
            list of ``{"source", "policy"}``).
    """
    samples: dict[str, Finding] = {}
    for f in findings:
        samples.setdefault(f.code, f)
    codes = sorted(samples)
    index = {code: k for k, code in enumerate(codes)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "orgshape",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_descriptor(c, rules.get(c), samples[c]) for c in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.code]) for f in findings],
                "properties": {
                    "policies": [
                        {"source": source, "policy": policy}
                        for source, policy in (policies or {}).items()
                    ]
                },
            }
        ],
    }
    return _dumps(log)


# --------------------------------------------------------------------------- TOML

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif 0xD800 <= ord(ch) <= 0xDFFF:  # TOML holds Unicode scalar values only
            out.append("\\ufffd")
        elif not ch.isprintable() and ch != " ":  # controls, bidi, invisible characters
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        items = (f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(items) + " }" if value else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _table(data: Mapping[str, Any], path: tuple[str, ...], out: list[str]) -> None:
    tables = []
    arrays = []
    for key, value in data.items():
        if value is None:
            out.append(f"# {_key(key)}: not set")
        elif isinstance(value, Mapping) and value:
            tables.append((key, value))
        elif _is_table_array(value):
            arrays.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables:
        sub = (*path, _key(key))
        body: list[str] = []
        _table(value, sub, body)
        first = next((k for k, line in enumerate(body) if line.startswith("[")), len(body))
        if any(body[:first]) or first == len(body):  # a table of only tables needs no header
            out.extend(["", f"[{'.'.join(sub)}]"])
        out.extend(body)
    for key, items in arrays:
        sub = (*path, _key(key))
        for item in items:
            out.extend(["", f"[[{'.'.join(sub)}]]"])
            _table(item, sub, out)


def policy_toml(data: Mapping[str, Any], *, header: Sequence[str] = ()) -> str:
    """A policy's ``to_dict()`` as TOML that ``orgshape.toml`` can hold.

    Examples:
        >>> print(policy_toml({"max_layers": 6, "spans": {"VP": [2, 8]}, "exemptions": []}))
        max_layers = 6
        exemptions = []
        <BLANKLINE>
        [spans]
        VP = [2, 8]
    """
    out = [f"# {visible(line)}" for line in header]
    _table(data, (), out)
    return "\n".join(out).lstrip("\n") + "\n"
