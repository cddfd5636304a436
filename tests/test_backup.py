"""Backup and restore round-trip: every record and file comes back (on SQLite, and on PostgreSQL in that run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Case, ItemAttachment, RegisterItem, User
from tests.case_files import row, write_csv
from tests.helpers import attach, document, import_file, sign_in


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Case, User, RegisterItem, ItemAttachment, AuditEntry)}


@pytest.mark.usefixtures("people")
def test_a_backup_brings_every_record_and_file_back(app, client, runner, tmp_path):
    assert import_file(app, write_csv(tmp_path / "cases.csv", [row(n) for n in range(1, 30)])).ok
    sign_in(client, "civil.staff")
    item_id = document(client)
    assert attach(client, item_id).status_code == 302
    before = counts(app)
    with app.app_context():
        attachment_id, stored = db.session.execute(select(ItemAttachment.id, ItemAttachment.stored_name)).one()
    result = runner.invoke(args=["backup", "create", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    folder = result.output.strip().rsplit(" ", 1)[1]

    # Records and files go missing or change after the backup...
    with app.app_context():
        db.session.execute(Case.__table__.delete())
        db.session.execute(RegisterItem.__table__.update().values(status="published"))
        db.session.commit()
    (Path(app.config["ATTACHMENT_DIR"]) / stored).unlink()
    assert counts(app)["Case"] == 0

    # ... and the restore puts all of them back.
    result = runner.invoke(args=["backup", "restore", folder, "--yes"])
    assert result.exit_code == 0, result.output
    assert counts(app) == before
    with app.app_context():
        assert db.session.get(RegisterItem, item_id).status == "draft"
    download = client.get(f"/measures/document-review/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_a_restore_asks_first(app, runner, tmp_path):
    folder = runner.invoke(args=["backup", "create", str(tmp_path)]).output.strip().rsplit(" ", 1)[1]
    refused = runner.invoke(args=["backup", "restore", folder], input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
