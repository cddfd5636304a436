"""Files handed in with register items: checked by their content, kept under random names outside the web root.

A file is accepted only when its name is a plain file name with an extension the item kind allows (kept in NFKC
form, with no bidi control character), it is no larger than ATTACHMENT_MAX_BYTES, and its first bytes (and for
ZIP-based formats, its members) are what that extension promises. A refused file leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import Response, current_app, send_file
from flask_babel import gettext as _

from app import audit
from app.extensions import db
from app.models import ItemAttachment, RegisterItem, User
from app.registers.spec import RegisterError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and WPS documents are OLE2 compound files
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "ofd": "application/ofd",
    "mp4": "video/mp4",
}
_CHUNK = 1024 * 1024
# Characters that reorder the text around them: "报告\u202excod.exe" shows as "报告exe.docx".
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def storage_dir() -> Path:
    folder = Path(current_app.config.get("ATTACHMENT_DIR") or Path(current_app.instance_path) / "attachments")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_of(attachment: ItemAttachment) -> Path:
    return storage_dir() / attachment.stored_name


def clean_name(name: str | None) -> str:
    """The file name in NFKC form (full-width letters and the like folded, so it is stored as it reads and
    "／" or "．．" are seen for what they are); RegisterError when it holds a bidi control character, which
    makes a name show as something it is not."""
    name = unicodedata.normalize("NFKC", name or "")
    if any(c in BIDI_CONTROLS for c in name):
        shown = "".join(f"[U+{ord(c):04X}]" if c in BIDI_CONTROLS else c for c in name)
        raise RegisterError(_("%(name)s: a file name may not contain characters that change the direction of text.",
                              name=shown[:120]))
    return name


def check_name(name: str | None, allowed: list[str]) -> str:
    """The extension of an acceptable file name, or RegisterError naming what is wrong with it."""
    name = name or ""
    if not name.strip():
        raise RegisterError(_("Choose a file to upload."))
    if "/" in name or "\\" in name or ".." in name or any(ord(c) < 32 for c in name) or len(name) > 200:
        raise RegisterError(_("%(name)s: a file name may not contain a path, “..” or control characters.",
                              name=name[:80]))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise RegisterError(_("%(name)s: only %(types)s files are accepted here.",
                              name=name, types=", ".join(t.upper() for t in allowed)))
    return extension


def content_matches(path: Path, extension: str) -> bool:
    """Is the file at ``path`` really of the type its extension names?"""
    with path.open("rb") as handle:
        head = handle.read(16)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("doc", "wps"):
        return head.startswith(OLE2)
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension in ("docx", "ofd"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        if extension == "docx":
            return "[Content_Types].xml" in names and "word/document.xml" in names
        return "OFD.xml" in names
    return False


@dataclass(frozen=True)
class StoredFile:
    """An upload checked and kept under ``stored_name`` in the attachment folder."""

    name: str
    stored_name: str
    extension: str
    size: int
    sha256: str


def store_upload(stream: IO[bytes] | None, name: str | None, allowed: list[str]) -> StoredFile:
    """Check one upload (name, size, content against its extension) and keep it under a random name; RegisterError
    (nothing kept) if refused. The caller removes the file (``discard``) if its own transaction fails."""
    name = clean_name(name)
    extension = check_name(name, allowed)
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    folder = storage_dir()
    stored_name = secrets.token_hex(16)
    temporary = folder / f".{stored_name}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with temporary.open("xb") as out:
            while stream is not None and (chunk := stream.read(_CHUNK)):
                size += len(chunk)
                if size > limit:
                    raise RegisterError(_("%(name)s is larger than %(limit)d MB.", name=name,
                                          limit=limit // (1024 * 1024)))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise RegisterError(_("%(name)s is empty.", name=name))
        if not content_matches(temporary, extension):
            raise RegisterError(_("%(name)s is not really a %(type)s file (its content says otherwise).",
                                  name=name, type=extension.upper()))
        os.replace(temporary, folder / stored_name)
        return StoredFile(name or "", stored_name, extension, size, digest.hexdigest())
    finally:
        temporary.unlink(missing_ok=True)


def discard(stored_name: str) -> None:
    (storage_dir() / stored_name).unlink(missing_ok=True)


def download(stored_name: str, name: str, file_type: str) -> Response:
    """A stored upload sent back under the name it was handed in with (an item's attachment, an objection's file)."""
    return send_file(storage_dir() / stored_name, as_attachment=True, download_name=name,
                     mimetype=MIME_TYPES.get(file_type, "application/octet-stream"))


def add_attachment(item: RegisterItem, stream: IO[bytes], name: str | None, allowed: list[str],
                   user: User) -> ItemAttachment:
    """Check and store one upload for ``item`` and commit; RegisterError (nothing stored) if refused."""
    stored = store_upload(stream, name, allowed)
    name = stored.name
    attachment = ItemAttachment(original_name=name, stored_name=stored.stored_name, file_type=stored.extension,
                                size=stored.size, sha256=stored.sha256, uploaded_by_id=user.id)
    try:
        item.attachments.append(attachment)
        db.session.flush()
        audit.record("item.attach", "register_item", item.id, summary=name or "",
                     after={"file": name, "size": stored.size, "sha256": attachment.sha256},
                     department_id=item.department_id, measure_code=item.measure_code, user=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(stored.stored_name)
        raise
    return attachment


def remove_attachment(attachment: ItemAttachment, user: User) -> None:
    item = attachment.item
    path = path_of(attachment)
    audit.record("item.detach", "register_item", item.id, summary=attachment.original_name,
                 before={"file": attachment.original_name, "sha256": attachment.sha256},
                 department_id=item.department_id, measure_code=item.measure_code, user=user)
    item.attachments.remove(attachment)
    db.session.commit()
    path.unlink(missing_ok=True)
