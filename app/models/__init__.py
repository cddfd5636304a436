"""The domain. Import models from here so every table is registered with the metadata."""

from app.models.audit import AuditEntry
from app.models.case import Case, CaseImport, Hearing, ImportProfile, Judge, OverrunAction
from app.models.consultation import ConsultationCheck, Objection, ObjectionStatus
from app.models.indicator import IndicatorEntry, IndicatorValue
from app.models.organization import Court, Department, LoginAttempt, Notification, Role, User, UserRole
from app.models.plan import Appointment, Campaign, ChecklistItem, Indicator, Measure, Phase, Quota, measure_departments
from app.models.register import Draw, ItemAttachment, ItemComment, ItemStatus, RegisterItem, Selection
from app.models.report import Assessment, Report
from app.models.reversal import Circulation, CommitteeMeeting, FileState, ReversalFile
from app.models.search import case_grams, search_positions
from app.models.task import Task, TaskStatus

__all__ = [
    "Appointment",
    "Assessment",
    "AuditEntry",
    "Campaign",
    "Case",
    "CaseImport",
    "ChecklistItem",
    "Circulation",
    "CommitteeMeeting",
    "ConsultationCheck",
    "Court",
    "Department",
    "Draw",
    "FileState",
    "Hearing",
    "ImportProfile",
    "Indicator",
    "IndicatorEntry",
    "IndicatorValue",
    "ItemAttachment",
    "ItemComment",
    "ItemStatus",
    "Judge",
    "LoginAttempt",
    "Measure",
    "Notification",
    "Objection",
    "ObjectionStatus",
    "OverrunAction",
    "Phase",
    "Quota",
    "RegisterItem",
    "Report",
    "ReversalFile",
    "Role",
    "Selection",
    "Task",
    "TaskStatus",
    "User",
    "UserRole",
    "case_grams",
    "measure_departments",
    "search_positions",
]
