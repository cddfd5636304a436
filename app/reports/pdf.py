"""HTML to PDF through pdfkit and wkhtmltopdf, safely.

wkhtmltopdf is an old browser engine: it renders only our own escaped templates, with local file access off,
bounded by a timeout. pdfkit reads options from ``<meta name="pdfkit-...">`` tags in the HTML it converts
(CVE-2025-26240); such tags are neutralised first, although escaped user text cannot form one.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile

import pdfkit

_PDFKIT_META = re.compile(r"<meta(?=[^>]*pdfkit-)", re.IGNORECASE)
OPTIONS = {"page-size": "A4", "encoding": "UTF-8", "margin-top": "18mm", "margin-bottom": "18mm",
           "margin-left": "16mm", "margin-right": "16mm", "disable-local-file-access": None, "quiet": None}


class PdfError(RuntimeError):
    """wkhtmltopdf failed or took too long."""


def html_to_pdf(html: str, timeout: int = 120) -> bytes:
    html = _PDFKIT_META.sub("<meta data-neutralised", html)
    command = pdfkit.PDFKit(html, "string", options=OPTIONS).command()
    # Headless: no X server on a court's server; Qt wants a runtime directory of its own.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tempfile.gettempdir()}
    try:
        done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=timeout, env=env,
                              check=False)
    except subprocess.TimeoutExpired as error:
        raise PdfError(f"wkhtmltopdf took longer than {timeout} s") from error
    if not done.stdout.startswith(b"%PDF"):
        raise PdfError(done.stderr.decode("utf-8", "replace")[-500:] or f"wkhtmltopdf exited {done.returncode}")
    return done.stdout
