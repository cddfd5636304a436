"""Ids the audit trail names are never handed out again: AUTOINCREMENT on those tables (SQLite only)

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-03 07:00:00

Without AUTOINCREMENT SQLite gives a new row the largest id plus one, so deleting the newest register item and
writing another hands the new one the old one's id, and with it the old one's audit history. Each table is rebuilt
with AUTOINCREMENT (Alembic's batch mode copies the rows with their ids and recreates the indexes and foreign keys;
the table's triggers, which a rebuild drops, are read from the schema first and created again). PostgreSQL's
sequences never reuse a value: nothing to do there.
"""
from alembic import op


revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# The tables behind the audit trail's object kinds that have integer ids (app/models/base.py NEVER_REUSE_IDS).
TABLES = ("users", "departments", "case_imports", "import_profiles", "register_items", "draws", "reversal_files",
          "committee_meetings", "circulations", "assessments", "reports", "phase_checklist_items", "appointments")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        triggers = [sql for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))]
        with op.batch_alter_table(table, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        for sql in triggers:
            bind.exec_driver_sql(sql)


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
