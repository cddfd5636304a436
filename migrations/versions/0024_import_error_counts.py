"""Import errors: a count of all of an import's bad rows and per column and reason; only the first 1,000 are kept

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 07:00:00

Imports already stored keep their first 1,000 bad rows; their counts are taken from the whole list first.
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

KEEP = 1000


def upgrade() -> None:
    with op.batch_alter_table("case_imports") as batch:
        batch.add_column(sa.Column("error_count", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("error_groups", sa.JSON(), nullable=True))
    imports = sa.table("case_imports", sa.column("id", sa.Integer), sa.column("errors", sa.JSON),
                       sa.column("error_count", sa.Integer), sa.column("error_groups", sa.JSON))
    connection = op.get_bind()
    ids = connection.execute(sa.select(imports.c.id).where(imports.c.errors.isnot(None))).scalars().all()
    for import_id in ids:  # one at a time: a list may be hundreds of megabytes
        errors = connection.execute(sa.select(imports.c.errors).where(imports.c.id == import_id)).scalar() or []
        groups: dict[tuple[str, str], int] = {}
        for error in errors:
            key = (error.get("column", ""), error.get("reason", ""))
            groups[key] = groups.get(key, 0) + 1
        ranked = sorted(groups.items(), key=lambda item: -item[1])
        connection.execute(imports.update().where(imports.c.id == import_id).values(
            errors=errors[:KEEP] or None, error_count=len(errors),
            error_groups=[{"column": c, "reason": r, "rows": n} for (c, r), n in ranked] or None))


def downgrade() -> None:
    with op.batch_alter_table("case_imports") as batch:
        batch.drop_column("error_groups")
        batch.drop_column("error_count")
