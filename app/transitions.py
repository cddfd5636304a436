"""One small state machine for the records people move through states: register items (app/registers/workflow.py)
and reversed-case files (app/reversals/).

A ``Transition`` says, as data, from which states a move may be made, the states it may end in, who may make it
(a rule of app/policy.py), when the plan allows it at all, and which form fields it needs. ``Machine.apply`` makes a
move: it refuses a change based on an out-of-date page (the record's version), a move the user may not make now and
a missing field; runs the move's own effect; records it in the audit trail; commits (a concurrent change found at
commit is refused the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.extensions import db
from app.models import User

# A rule of app/policy.py: may ``user`` make this move on ``record``? ``context`` is what the record's rules depend
# on (an item's kind from the plan; the plan's reversed-case rules).
Who = Callable[[Any, User, Any], bool]


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    # The states the move may end in (its effect picks one when there are several); empty: a record made beside
    # the states, which leaves the state as it is.
    to: tuple[str, ...]
    who: Who
    # A condition on the record and the context that holds whoever asks (the plan's reversal results, ...).
    when: Callable[[Any, Any], bool] | None = None
    # Form fields the move cannot be made without.
    required: tuple[str, ...] = ()


# What a move does besides changing the state: (the move, the cleaned form values) → what the audit entry records.
Effect = Callable[[Transition, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Machine:
    transitions: Mapping[str, Transition]
    state: str  # the record's attribute holding its state
    object_type: str  # as the audit trail names the record
    audit_prefix: str  # audit actions are "<prefix>.<move>"
    # The refusals, in the record's own words: an out-of-date page, a move not allowed now, missing fields.
    stale: Callable[[], Exception]
    refused: Callable[[Any, str, User, Any], Exception]
    missing: Callable[[list[str]], Exception]
    # Form values as the moves want them (trimmed, dates parsed), or a refusal of a bad one.
    clean: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None

    def may(self, record: Any, name: str, user: User, context: Any = None) -> bool:
        move = self.transitions.get(name)
        return (move is not None and getattr(record, self.state) in move.sources
                and (move.when is None or move.when(record, context)) and move.who(record, user, context))

    def allowed(self, record: Any, user: User, context: Any = None) -> list[str]:
        """The moves ``user`` may make on ``record`` now (the buttons and forms its page shows)."""
        return [name for name in self.transitions if self.may(record, name, user, context)]

    def check_version(self, record: Any, version: int | None) -> None:
        """Refuse a change based on a page showing an older version of the record (a new record has none)."""
        if version is not None and record.id is not None and version != record.version:
            raise self.stale()

    def apply(self, record: Any, name: str, user: User, *, context: Any = None, version: int | None,
              values: Mapping[str, Any] | None = None, effect: Effect, summary: str,
              tell: Callable[[], None] | None = None, **audit_to: Any) -> None:
        """Make move ``name`` and commit, or raise (nothing changed). ``effect`` does what the move does besides,
        with the cleaned values (it may pick the end state among the move's ``to``), and returns what the audit
        entry records beside the state; ``tell`` notifies whoever must act next once the move is recorded;
        ``audit_to`` names the department (and measure) the audit entry belongs to."""
        self.check_version(record, version)
        if not self.may(record, name, user, context):
            raise self.refused(record, name, user, context)
        move = self.transitions[name]
        if values is not None and self.clean is not None:
            values = self.clean(values)
        missing = [f for f in move.required if (values or {}).get(f) in (None, "")]
        if missing:
            raise self.missing(missing)
        before = getattr(record, self.state)
        with self.guard():
            changes = effect(move, values or {})  # it reads the state as it was and refuses before changing it
            if len(move.to) == 1:
                setattr(record, self.state, move.to[0])
            after = getattr(record, self.state)
            if after not in (move.to or (before,)):
                raise AssertionError(f"{self.object_type} move {name} ended in {after}, not one of {move.to}")
            audit.record(f"{self.audit_prefix}.{name}", self.object_type, record.id, summary=summary,
                         before={self.state: str(before)}, after={self.state: str(after), **changes}, user=user,
                         **audit_to)
            if tell is not None:
                tell()
            db.session.commit()

    def commit(self) -> None:
        """Commit; a concurrent change to the record found now is refused as an out-of-date page."""
        with self.guard():
            db.session.commit()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """A concurrent change to the record, found when the session writes it (at commit, or at a query's
        autoflush before), is refused as an out-of-date page and nothing is kept."""
        try:
            yield
        except StaleDataError:
            db.session.rollback()
            raise self.stale() from None
