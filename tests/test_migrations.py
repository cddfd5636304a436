"""The migrations build exactly the schema the models declare (no change is left without a revision)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db
from tests.helpers import PLAN_FILE, import_file


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_upgrading_a_sqlite_database_that_holds_data(tmp_path, redis_url):
    """Batch migrations rebuild tables on SQLite; rows pointing at a rebuilt table must survive it. The data is
    written with today's models, the schema taken back to 0007 and brought forward again."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import func, select, text

    from app import create_app
    from app.models import Case, Judge
    from app.plans import load_plan_file
    from tests.case_files import row, write_csv

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis_url})
    with app.app_context():
        upgrade()
        load_plan_file(PLAN_FILE)

        assert import_file(app, write_csv(tmp_path / "c.csv", [row(1), row(2)])).ok
        db.session.remove()
        downgrade(revision="0007")
        upgrade()
        assert db.session.scalar(select(func.count()).select_from(Case)) == 2
        assert db.session.scalar(select(func.count()).select_from(Judge)) == 1
        assert db.session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        db.engine.dispose()


def test_0025_rebuilds_the_audited_tables_with_autoincrement_keeping_everything(tmp_path, redis_url):
    """On SQLite, 0025 rebuilds the tables whose ids the audit trail names: the rows (with their ids), indexes,
    foreign keys and triggers stay; afterwards a deleted newest row's id is not handed out again. Downgraded, the
    tables are as they were."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app import create_app
    from app.plans import load_plan_file

    url = f"sqlite:///{tmp_path / 'ids.sqlite'}"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis_url})

    def schema() -> dict:
        rows = db.session.execute(text("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                                       "OR (type = 'table' AND name = 'users')")).fetchall()
        return {(kind, name): sql for kind, name, sql in rows}

    with app.app_context():
        upgrade()
        load_plan_file(PLAN_FILE)
        db.session.remove()
        downgrade(revision="0024")
        assert "AUTOINCREMENT" not in db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'users'"))
        department = db.session.scalar(text("SELECT min(id) FROM departments"))
        for name in ("a", "b"):
            db.session.execute(text(
                "INSERT INTO users (username, display_name, password_hash, department_id, active, created_at, "
                "updated_at) VALUES (:name, :name, 'x', :department, 1, '2021-01-01', '2021-01-01')"),
                {"name": name, "department": department})
        # A trigger of the installation's own on a rebuilt table (0023 put some on cases, which is not rebuilt).
        db.session.execute(text("CREATE TRIGGER users_touch AFTER UPDATE OF display_name ON users "
                                "BEGIN UPDATE users SET locale = 'en' WHERE id = NEW.id; END"))
        db.session.commit()
        users = db.session.execute(text("SELECT id, username FROM users ORDER BY id")).fetchall()
        departments = db.session.execute(text("SELECT id, code FROM departments ORDER BY id")).fetchall()
        before = schema()
        db.session.remove()

        upgrade(revision="0025")  # later revisions add tables and indexes of their own
        assert "AUTOINCREMENT" in db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'users'"))
        assert db.session.execute(text("SELECT id, username FROM users ORDER BY id")).fetchall() == users
        assert db.session.execute(text("SELECT id, code FROM departments ORDER BY id")).fetchall() == departments
        after = schema()
        assert {k: v for k, v in after.items() if k[0] != "table"} == {k: v for k, v in before.items()
                                                                       if k[0] != "table"}
        assert ("trigger", "case_grams_update") in after and ("trigger", "users_touch") in after
        assert "REFERENCES departments" in after[("table", "users")]
        assert db.session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        newest = users[-1][0]
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": newest})
        db.session.execute(text(
            "INSERT INTO users (username, display_name, password_hash, department_id, active, created_at, "
            "updated_at) VALUES ('c', 'c', 'x', :department, 1, '2021-01-01', '2021-01-01')"),
            {"department": department})
        assert db.session.scalar(text("SELECT id FROM users WHERE username = 'c'")) > newest
        db.session.commit()
        db.session.remove()

        downgrade(revision="0024")
        assert "AUTOINCREMENT" not in db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'users'"))
        assert {k: v for k, v in schema().items() if k[0] != "table"} == {k: v for k, v in before.items()
                                                                          if k[0] != "table"}
        db.session.remove()
        db.engine.dispose()
