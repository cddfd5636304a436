"""The domain. Import models from here so every table is registered with the metadata."""

from app.models.audit import AuditEntry
from app.models.case import Case, CaseImport, Judge
from app.models.indicator import IndicatorEntry, IndicatorValue
from app.models.organization import Court, Department, LoginAttempt, Notification, Role, User, UserRole
from app.models.plan import Campaign, ChecklistItem, Indicator, Measure, Phase, Quota, measure_departments
from app.models.task import Task, TaskStatus

__all__ = [
    "AuditEntry",
    "Campaign",
    "Case",
    "CaseImport",
    "ChecklistItem",
    "Court",
    "Department",
    "Indicator",
    "IndicatorEntry",
    "IndicatorValue",
    "Judge",
    "LoginAttempt",
    "Measure",
    "Notification",
    "Phase",
    "Quota",
    "Role",
    "Task",
    "TaskStatus",
    "User",
    "UserRole",
    "measure_departments",
]
