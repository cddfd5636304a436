"""Import profiles: a court's own column mapping; an import remembers the profile it used and what it found

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 02:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["courts.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("court_id", "kind", "name", name="uq_import_profiles_court_kind_name"),
    )
    with op.batch_alter_table("import_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_profiles_court_id"), ["court_id"], unique=False)
    with op.batch_alter_table("case_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
        batch_op.create_foreign_key("fk_case_imports_profile_id", "import_profiles", ["profile_id"], ["id"])


def downgrade():
    with op.batch_alter_table("case_imports", schema=None) as batch_op:
        batch_op.drop_constraint("fk_case_imports_profile_id", type_="foreignkey")
        batch_op.drop_column("details")
        batch_op.drop_column("profile_id")
    with op.batch_alter_table("import_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_profiles_court_id"))
    op.drop_table("import_profiles")
