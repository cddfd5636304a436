"""Backup and restore: the database (SQLite's online backup, so a running app is copied consistently; pg_dump for
PostgreSQL) with the files the records point at (attachments, published reports), in one folder.

Restore puts all of it back: `flask backup restore FOLDER` (stop the web and worker processes first).
"""

from __future__ import annotations

import glob
import json
import shutil
import sqlite3

# subprocess runs commands we build ourselves (pg_dump, wkhtmltopdf), never through a shell.
import subprocess  # nosec B404
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from app.extensions import db
from app.registers.attachments import storage_dir
from app.reports.service import report_dir

FILE_FOLDERS = {"attachments": storage_dir, "reports": report_dir}


class BackupError(RuntimeError):
    """A backup or restore that could not be made; the message says why."""


def create(target_parent: Path) -> Path:
    """Write a new backup folder under ``target_parent`` and return it."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    folder = Path(target_parent) / f"quality-year-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"
    folder.mkdir(parents=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(folder / "database.sqlite")
        with copy:
            source.backup(copy)  # consistent even while the app writes (SQLite's online backup API)
        copy.close()
        source.close()
        database = "database.sqlite"
    else:
        database = "database.dump"
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={folder / database}",
              _libpq_url(url)])
    for name, where in FILE_FOLDERS.items():
        shutil.copytree(where(), folder / name)
    (folder / "manifest.json").write_text(json.dumps({
        "database": database, "backend": url.get_backend_name(), "created": datetime.now(UTC).isoformat(),
        "folders": list(FILE_FOLDERS)}, indent=2))
    return folder


def restore(folder: Path) -> None:
    """Replace the database and the files with those of a backup folder."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if manifest["backend"] != url.get_backend_name():
        raise BackupError(f"the backup is of a {manifest['backend']} database; this app uses "
                          f"{url.get_backend_name()}")
    db.session.remove()
    db.engine.dispose()  # no connection may hold the old database open
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(folder / manifest["database"])
        live = sqlite3.connect(_sqlite_path(url))
        with live:
            source.backup(live)
        live.close()
        source.close()
    else:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(url)}", str(folder / manifest["database"])])
    for name, where in FILE_FOLDERS.items():
        target = where()
        shutil.rmtree(target)
        shutil.copytree(folder / name, target)


def _sqlite_path(url) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return url.database


def _libpq_url(url) -> str:
    """The URL as pg_dump reads it (no "+psycopg" driver part)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    """The PostgreSQL client of the newest installed version (it reads older servers' data too)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


def _run(command: list[str]) -> None:
    # pg_dump/pg_restore with arguments we build (the configured database URL and our folder); no shell.
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        raise BackupError(done.stderr.strip()[-500:] or f"{command[0]} exited {done.returncode}")
