"""Recording what happened. Callers record in the same transaction as the change, so both land or neither."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import User
from app.models.audit import AuditEntry


def record(action: str, object_type: str, object_id: object = None, *, summary: str = "",
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           court_id: int | None = None, department_id: int | None = None, measure_code: str | None = None,
           user: User | None = None) -> AuditEntry:
    """Add an audit entry to the session; the caller's commit writes it with the change it describes."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    if court_id is None and user is not None:
        court_id = user.department.court_id
    entry = AuditEntry(
        action=action, object_type=object_type, object_id=None if object_id is None else str(object_id),
        summary=summary[:300], before=_plain(before), after=_plain(after), court_id=court_id,
        department_id=department_id, measure_code=measure_code, user_id=user.id if user else None,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copies (dates as ISO text, amounts as strings)."""
    if values is None:
        return None
    def convert(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            return sorted(convert(v) for v in value)
        return value
    return {key: convert(value) for key, value in values.items()}
