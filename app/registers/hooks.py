"""What approving an item does besides, by the name the plan gives it (an item kind's ``on_approve``).

The generic workflow (app/registers/workflow.py) knows no measure: a measure's module registers its hook here when
it is imported (app/pending.py registers "extend_time_limit"), and the app factory imports those modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.models import Campaign, RegisterItem, User
from app.plans.schema import ItemKindSpec


@dataclass(frozen=True)
class ApprovalHook:
    # Refuses (RegisterError, nothing changed) an approval the plan or the law does not allow.
    check: Callable[[RegisterItem, ItemKindSpec, Campaign, date], None]
    # Does it, in the approval's transaction; True when case data changed (the figures need recomputing).
    apply: Callable[[RegisterItem, ItemKindSpec, User], bool]


_HOOKS: dict[str, ApprovalHook] = {}


def register_approval_hook(name: str, hook: ApprovalHook) -> None:
    _HOOKS[name] = hook


def approval_hook(kind: ItemKindSpec) -> ApprovalHook | None:
    """The hook the kind's ``on_approve`` names; a name nobody registered is a programming error, not a plan one
    (the plan's schema admits only names the app has)."""
    if kind.on_approve is None:
        return None
    if kind.on_approve not in _HOOKS:
        raise LookupError(f"no approval hook {kind.on_approve!r} is registered (is its module imported?)")
    return _HOOKS[kind.on_approve]
