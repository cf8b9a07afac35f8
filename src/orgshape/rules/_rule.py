"""Rules and the context they read: one mechanism for built-in and custom rules.

A rule is a frozen callable :class:`Rule`: ``rule(ctx)`` yields :class:`Finding`
records. The :class:`Context` holds the org, the policy and the data every rule shares
(spans, levels, ranks, layers, children), computed once per validation and only when a
rule asks for it. Data are the org's read-only columns, indexed by *position index*:
index ``i`` is the ``i``-th position in the org's order, and ``ctx.ids[i]`` is its id.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from orgshape._functions import EXECUTIVE, PRODUCT, function_of
from orgshape._ladder import Ladder
from orgshape.rules._finding import (
    CODE_PATTERN,
    NAME_PATTERN,
    Finding,
    Severity,
    trusted_finding,
)

if TYPE_CHECKING:
    from orgshape._model import Org, OrgView, Position
    from orgshape.rules._policy import Policy, ResolvedPolicy

__all__ = ["Check", "Context", "Example", "ExemptionLedger", "Rule", "indices_of", "rule"]

_T = TypeVar("_T")

#: What a rule's check function looks like: it reads a context and yields findings.
Check = Callable[["Context"], Iterable[Finding] | None]
#: What a rule's example builds: an org, or an org and the policy to validate it with.
Example = Callable[[], "Org | tuple[Org, Policy]"]


def normalise_function(value: object) -> str | None:
    """The canonical function of a value: ``"Product Ops"`` → ``"product_ops"``.

    The one vocabulary of :mod:`orgshape._functions` (``"UX"`` is ``"design"``);
    None and blanks stay None.

    Examples:
        >>> normalise_function("Product Ops"), normalise_function("UX")
        ('product_ops', 'design')
    """
    return function_of(value)


def indices_of(values: Sequence[object], value: object) -> list[int]:
    """Every index ``i`` with ``values[i] == value``, at C speed.

    Examples:
        >>> indices_of([None, "PM", None], None)
        [0, 2]
    """
    count = values.count(value)
    if not count:
        return []
    if count * 8 > len(values):  # dense: one pass of C-level comparisons
        matches = map(operator.eq, values, itertools.repeat(value))
        return list(itertools.compress(range(len(values)), matches))
    out: list[int] = []  # sparse: list.index skips ahead at C speed
    index = values.index
    i = -1
    for _ in range(count):
        i = index(value, i + 1)
        out.append(i)
    return out


# --------------------------------------------------------------------------- Rule


def _severity(value: Severity | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        choices = ", ".join(s.value for s in Severity)
        raise ValueError(f"unknown severity {value!r} (valid: {choices})") from None


def _check_pattern(pattern: re.Pattern[str], style: str) -> Callable[[Any, Any, str], None]:
    def check(_: object, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"a rule's {attribute.name} must be {style}, got {value!r}")

    return check


def _doc_text(text: str | None) -> str:
    """A docstring as prose: paragraphs kept, lines within a paragraph joined."""
    if not text:
        return ""
    paragraphs: list[list[str]] = [[]]
    for line in text.strip().splitlines():
        words = line.split()
        if words:
            paragraphs[-1].extend(words)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


@attrs.frozen(kw_only=True, repr=False)
class Rule:
    """A validation rule: a frozen callable with a stable code and a readable repr.

    Make one with the :func:`rule` decorator; the built-in rules are made the same way
    (see :data:`orgshape.rules.BUILTIN_RULES`).

    Attributes:
        code: stable UPPER_SNAKE code, such as ``"SPAN_ABOVE_RANGE"``.
        name: kebab-case name, such as ``"span-above-range"``.
        severity: the default severity of its findings (a policy can override it).
        check: the function that reads a :class:`Context` and yields findings.
        hint: how to fix what the rule finds (the default hint of its findings).
        rationale: why the rule exists (by default the check's docstring); shown in
            the rule reference.
        group: the family the rule belongs to (``"spans"``, ``"ladder"``, ...;
            ``"custom"`` for yours); ``select``/``ignore`` accept it.
        example: builds a small org that triggers the rule, or an (org, policy) pair
            when the rule needs a policy to fire (used by the rule reference).

    Examples:
        >>> from orgshape.rules import BUILTIN_RULES
        >>> BUILTIN_RULES["ONE_OVER_ONE"]
        <Rule ONE_OVER_ONE one-over-one (warning)>
    """

    code: str = attrs.field(validator=_check_pattern(CODE_PATTERN, "UPPER_SNAKE"))
    name: str = attrs.field(validator=_check_pattern(NAME_PATTERN, "kebab-case"))
    severity: Severity = attrs.field(converter=_severity)
    check: Check
    hint: str = ""
    rationale: str = ""
    group: str = attrs.field(default="custom", validator=_check_pattern(NAME_PATTERN, "kebab-case"))
    example: Example | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if not callable(self.check):
            raise TypeError(f"a rule's check must be callable, got {self.check!r}")
        if not self.rationale:
            object.__setattr__(self, "rationale", _doc_text(self.check.__doc__))

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name} ({self.severity})>"

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        """Run the rule on a context; yield its findings."""
        # the rule being run is Context state of this module (ctx.finding reads it)
        previous = ctx._rule  # noqa: SLF001
        ctx._rule = self  # noqa: SLF001
        try:
            found = self.check(ctx)
            if found is None:
                return
            for finding in found:
                if not isinstance(finding, Finding):
                    raise TypeError(
                        f"rule {self.code} yielded {finding!r}; a rule yields Finding records "
                        "(make them with ctx.finding(...))"
                    )
                yield finding
        finally:
            ctx._rule = previous  # noqa: SLF001

    @property
    def target(self) -> str:
        """Where the check function lives, as ``module:qualname`` (for policy files)."""
        check = self.check
        module = getattr(check, "__module__", None) or "?"
        qualname = getattr(check, "__qualname__", None) or type(check).__qualname__
        return f"{module}:{qualname}"


def _kebab(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def rule(
    *,
    code: str | None = None,
    name: str | None = None,
    severity: Severity | str = Severity.WARNING,
    hint: str = "",
    group: str = "custom",
    example: Example | None = None,
) -> Callable[[Check], Rule]:
    """Make a :class:`Rule` from a check function (a decorator).

    The function takes a :class:`Context` and yields findings, which it makes with
    :meth:`Context.finding` (code, name, severity and hint are filled from the rule).
    Its docstring becomes the rule's rationale.

    Args:
        code: the UPPER_SNAKE code; by default the function's name in upper case.
        name: the kebab-case name; by default the code in lower case with dashes.
        severity: the default severity of the rule's findings.
        hint: how to fix what the rule finds.
        group: the rule's family (``select``/``ignore`` accept it).
        example: a function that builds a small org that triggers the rule.

    Examples:
        >>> from orgshape import Org, Position
        >>> from orgshape.rules import Policy, rule, validate
        >>> @rule(code="PM_WITHOUT_PRODUCT", severity="info", hint="give them a product")
        ... def pm_without_product(ctx):
        ...     '''Every PM owns at least one product.'''
        ...     products = ctx.column("products")
        ...     for i in ctx.indices(level="PM"):
        ...         if products is None or not products[i]:
        ...             yield ctx.finding(i, message=f"{ctx.who(i)} owns no product")
        >>> pm_without_product
        <Rule PM_WITHOUT_PRODUCT pm-without-product (info)>
        >>> org = Org([Position(id="1", name="Ana", title="CPO"),
        ...            Position(id="2", name="Bo", title="PM", manager="1")])
        >>> report = validate(org, Policy(select=["pm-without-product"],
        ...                               rules=[pm_without_product]))
        >>> [str(f) for f in report]
        ['info PM_WITHOUT_PRODUCT: Bo (PM) owns no product']
    """

    def decorate(check: Check) -> Rule:
        if isinstance(check, Rule):
            return check
        if not callable(check):
            raise TypeError(f"@rule decorates a function, got {check!r}")
        base = getattr(check, "__name__", None) or type(check).__name__
        rule_code = code if code is not None else re.sub(r"\W+", "_", base).strip("_").upper()
        rule_name = name if name is not None else _kebab(rule_code)
        return Rule(
            code=rule_code,
            name=rule_name,
            severity=severity,
            check=check,
            hint=hint,
            group=group,
            example=example,
        )

    return decorate


def as_rule(value: object) -> Rule:
    """A :class:`Rule` as given, or one made from a plain check function."""
    if isinstance(value, Rule):
        return value
    if callable(value):
        return rule()(value)
    raise TypeError(f"a custom rule is a Rule or a function, got {value!r}")


# --------------------------------------------------------------------------- Context


@attrs.define(kw_only=True)
class ExemptionLedger:
    """What the engine's exemption step recorded during one validation.

    The engine applies the policy's exemptions to every rule's findings and records
    here which ones silenced something; ``UNUSED_EXEMPTION`` runs after every other
    rule and reads it (``complete`` is then True).

    Attributes:
        rule_codes: the rule code of each of the policy's exemptions, in order.
        used: indices of the exemptions that silenced at least one finding.
        ran: codes of the rules that ran.
        complete: True once every rule but ``UNUSED_EXEMPTION`` has run.
    """

    rule_codes: tuple[str, ...] = ()
    used: set[int] = attrs.Factory(set)
    ran: set[str] = attrs.Factory(set)
    complete: bool = False


class Context:
    """What a rule sees: the org, the resolved policy, and shared data computed once.

    Sequences are indexed by position index (``ctx.ids[i]`` is the id of position
    ``i``); they are the org's read-only :class:`~orgshape.OrgView` columns (tuples),
    shared, never copied. Everything else here is computed at most once per validation,
    the first time a rule asks, in linear time.

    Args:
        org: the org being validated.
        policy: the policy, or a policy already resolved against the ladder.
        ledger: the engine's exemption ledger (the engine passes its own).

    Attributes:
        org: the org being validated.
        policy: the policy in force.
        resolved: the policy resolved against the ladder (see
            :meth:`~orgshape.rules.Policy.resolve`).
        ladder: the ladder levels are judged with (the policy's, else the org's).
        view: the org's read-only columns and structure (:class:`~orgshape.OrgView`).
        ledger: what the exemption step recorded (see :class:`ExemptionLedger`).
        ids: every position's id.
        names: names (None for a vacancy).
        titles: titles as written in the source (None when missing).
        levels: ladder levels (None when unknown).
        parent: the manager's index (-1 at the top).
        layers: the layer of each position (1 at the top).
        spans: direct solid-line reports, assistants excluded.

    Examples:
        >>> from orgshape import Org, Position
        >>> from orgshape.rules import Context, Policy
        >>> org = Org([Position(id="1", name="Ana", title="CPO"),
        ...            Position(id="2", name="Bo", title="Sr. PM", manager="1")])
        >>> ctx = Context(org, Policy())
        >>> ctx.levels, ctx.ranks, ctx.spans, ctx.managers
        (('CPO', 'SENIOR_PM'), [0, 7], (1, 0), [0])
        >>> ctx.who(1), ctx.children(0)
        ('Bo (Sr. PM)', (1,))
    """

    def __init__(
        self,
        org: Org,
        policy: Policy | ResolvedPolicy,
        *,
        ledger: ExemptionLedger | None = None,
    ) -> None:
        from orgshape.rules._policy import ResolvedPolicy  # noqa: PLC0415  (import cycle)

        resolved = policy if isinstance(policy, ResolvedPolicy) else policy.resolve(org.ladder)
        view = org.view
        self.org = org
        self.resolved = resolved
        self.policy = resolved.policy
        self.ladder: Ladder = resolved.ladder
        self.view: OrgView = view
        self.ledger = ledger if ledger is not None else ExemptionLedger()
        self.ids: Sequence[str] = view.ids
        self.names: Sequence[str | None] = view.names
        self.titles: Sequence[str | None] = view.titles
        self.levels: Sequence[str | None] = view.levels
        self.parent: Sequence[int] = view.parent
        self.layers: Sequence[int] = view.layers
        self.spans: Sequence[int] = view.spans
        self._rows = view.rows
        self._source = org.source
        self._rule: Rule | None = None
        self._shared: dict[Callable[[Context], Any], Any] = {}

    # -- policy values resolved against the ladder -----------------------------------

    @property
    def root_level(self) -> str:
        """The level the top of the org should be on (the policy's, else the ladder's top)."""
        return self.resolved.root_level

    @property
    def ic_levels(self) -> frozenset[str]:
        """The individual-contributor levels (the policy's, else the ladder's)."""
        return self.resolved.ic_levels

    @property
    def pm_levels(self) -> frozenset[str]:
        """The levels counted as product managers (own products; PMs in team mix)."""
        return self.resolved.pm_levels

    @property
    def max_layers(self) -> int:
        """The most layers allowed (the policy's, else the ladder's number of ranks)."""
        return self.resolved.max_layers

    # -- shared data -----------------------------------------------------------------

    def shared(self, compute: Callable[[Context], _T]) -> _T:
        """``compute(ctx)``, computed once per validation and shared between rules.

        The function itself is the key, so two rules that need the same derived data
        (say, each team's PM count) ask for it with the same function.

        Examples:
            >>> from orgshape import Org, Position
            >>> from orgshape.rules import Context, Policy
            >>> org = Org([Position(id="1", title="CPO")])
            >>> ctx = Context(org, Policy())
            >>> def heavy(ctx): return len(ctx.ids)
            >>> ctx.shared(heavy), ctx.shared(heavy)
            (1, 1)
        """
        try:
            return cast(_T, self._shared[compute])
        except KeyError:
            value = self._shared[compute] = compute(self)
            return value

    @functools.cached_property
    def ranks(self) -> list[int]:
        """Each position's level rank (0 at the top of the ladder; -1 when unknown)."""
        ladder = self.ladder
        table = {
            level: (ladder.rank(level) if level is not None and level in ladder else -1)
            for level in set(self.levels)
        }
        return list(map(table.__getitem__, self.levels))

    @functools.cached_property
    def managers(self) -> list[int]:
        """Indices of positions with a span of at least one, in order."""
        return list(itertools.compress(range(len(self.spans)), self.spans))

    def children(self, i: int) -> Sequence[int]:
        """Indices of the direct solid-line reports of ``i`` (assistants included)."""
        return self.view.children(i)

    def column(self, field: str) -> Sequence[Any] | None:
        """An optional field of every position, or None when the org has no such data.

        Args:
            field: ``products``, ``function``, ``years_experience``, ``cost``,
                ``location``, ``dotted_line``, ``assistant`` or ``req``.
        """
        return self.view.field(field)

    @functools.cached_property
    def assistants(self) -> Sequence[bool] | None:
        """The assistant flag of each position, or None when the org has none."""
        values = self.view.field("assistant")
        return values if values is not None and any(values) else None

    @functools.cached_property
    def functions(self) -> list[str | None] | None:
        """Each position's canonical function (``"UX"`` → ``"design"``), or None.

        From the ``function`` column, else from the ``department`` column (a
        department's name says its people's function); None when the org has
        neither. See :func:`orgshape._functions.function_of` for the vocabulary.
        """
        raw = self.view.field("function")
        if raw is None or raw.count(None) == len(raw):
            raw = self.view.field("department") or raw
        if raw is None:
            return None
        table = {value: function_of(value) for value in set(raw)}
        return list(map(table.__getitem__, raw))

    @functools.cached_property
    def product_mask(self) -> list[bool]:
        """True for positions the product ladder judges.

        Those are positions of the product function, of no known function, and
        executives whose title is on the ladder (a "Chief Product & Technology
        Officer" listed as Executive); everyone else is known by their function.
        """
        functions = self.functions
        if functions is None:
            return [True] * len(self.ids)
        table = {f: f is None or f == PRODUCT for f in set(functions)}
        mask = list(map(table.__getitem__, functions))
        if EXECUTIVE in table:
            levels = self.levels
            for i in indices_of(functions, EXECUTIVE):
                mask[i] = levels[i] is not None
        return mask

    @property
    def order(self) -> Sequence[int]:
        """Every index, each manager before their reports (top-down).

        The org's own order when every manager comes before their reports (as in most
        exports), else the positions sorted by layer.
        """
        return self.view.top_down

    def subtree_totals(self, values: Sequence[int]) -> list[int]:
        """Sum ``values`` over every position's whole team (itself included), bottom-up.

        Args:
            values: one number per position index.

        Returns:
            A new list: entry ``i`` is the sum of ``values`` over ``i`` and everyone
            below ``i``.

        Examples:
            >>> from orgshape import Org, Position
            >>> from orgshape.rules import Context, Policy
            >>> org = Org([Position(id="1", title="CPO"), Position(id="2", manager="1"),
            ...            Position(id="3", manager="2")])
            >>> Context(org, Policy()).subtree_totals([1, 1, 1])
            [3, 2, 1]
        """
        return self.view.subtree_totals(values)

    def indices(self, *, level: str | None = None) -> list[int]:
        """Indices of the positions on ``level`` (None: unknown level), in order."""
        return indices_of(self.levels, level)

    def index(self, id: str) -> int:
        """The index of the position with this id.

        Raises:
            UnknownPositionError: no position has this id.
        """
        return self.org.index(id)

    def position(self, i: int) -> Position:
        """The :class:`~orgshape.Position` at index ``i`` (made on demand, cached)."""
        return self.org.at(i)

    def row(self, i: int) -> int | None:
        """The 1-based source row of position ``i``, when the org came from rows."""
        rows = self._rows
        return rows[i] if rows is not None else None

    def label(self, i: int) -> str:
        """The position's title, else its level's label, else its id."""
        title = self.titles[i]
        if title:
            return title
        level = self.levels[i]
        if level is not None and level in self.ladder:
            return self.ladder[level].label
        return self.ids[i]

    def who(self, i: int) -> str:
        """A person as messages name them: ``"Dana Ruiz (Director of Product)"``.

        A vacancy is ``"open role P050 (Product Manager)"``; a seat whose name the
        source does not give is ``"P050 (Product Manager)"``.
        """
        name = self.names[i]
        if name is None:
            known = self.view.field("name_known")
            if known is not None and not known[i]:
                return f"{self.ids[i]} ({self.label(i)})"
            return f"open role {self.ids[i]} ({self.label(i)})"
        return f"{name} ({self.label(i)})"

    def people(self, indices: Iterable[int], *, limit: int = 5) -> str:
        """Names of several positions, joined with commas, at most ``limit`` shown."""
        shown: list[str] = []
        count = 0
        for i in indices:
            count += 1
            if count <= limit:
                shown.append(self.who(i))
        if count > limit:
            shown.append(f"and {count - limit} more")
        return ", ".join(shown)

    def finding(
        self,
        *people: int | str,
        message: str,
        hint: str | None = None,
        severity: Severity | str | None = None,
        row: int | None = None,
    ) -> Finding:
        """A finding of the rule being run, about ``people`` (the main person first).

        Args:
            *people: position indices or ids.
            message: the sentence naming the people and values.
            hint: how to fix it (default: the rule's hint).
            severity: the severity (default: the rule's, or the policy's override).
            row: the source row (default: the main person's row).

        Raises:
            RuntimeError: called outside a running rule.
        """
        current = self._rule
        if current is None:
            raise RuntimeError("ctx.finding() makes findings of the rule being run")
        ids = self.ids
        try:
            # indices: the fast, common case (an id string raises TypeError)
            out = tuple(map(ids.__getitem__, people))  # type: ignore[arg-type]
        except TypeError:
            out = tuple(p if isinstance(p, str) else ids[p] for p in people)
        if row is None and people:
            first = people[0]
            i = first if isinstance(first, int) else self.view.index_of(first)
            if i is not None and self._rows is not None:
                row = self._rows[i]
        if not isinstance(message, str):
            raise TypeError(f"a finding's message must be a string, got {message!r}")
        return trusted_finding(
            current.code,
            current.name,
            current.severity if severity is None else Severity(severity),
            out,
            message,
            current.hint if hint is None else str(hint),
            row,
            self._source,
        )
