"""HTML to PDF through pdfkit and wkhtmltopdf, safely, with a running header and page numbers.

wkhtmltopdf is an old browser engine: it renders only our own escaped templates, with local file access off,
bounded by a timeout. pdfkit reads options from ``<meta name="pdfkit-...">`` tags in the HTML it converts
(CVE-2025-26240); such tags are neutralised first, although escaped user text cannot form one.
"""

from __future__ import annotations

import io
import os
import re

# subprocess runs commands we build ourselves (pg_dump, wkhtmltopdf), never through a shell.
import subprocess  # nosec B404
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
        # The command is pdfkit's (wkhtmltopdf and our options), the input our own escaped HTML; no shell.
        done = subprocess.run(  # nosec B603
            command, input=html.encode("utf-8"), capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as error:
        raise PdfError(f"wkhtmltopdf took longer than {timeout} s") from error
    if not done.stdout.startswith(b"%PDF"):
        raise PdfError(done.stderr.decode("utf-8", "replace")[-500:] or f"wkhtmltopdf exited {done.returncode}")
    return done.stdout


STAMP_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"  # TrueType outlines: reportlab embeds a subset


def report_pdf(html: str, header: str, font_path: str = STAMP_FONT) -> bytes:
    """A report's PDF: the HTML through wkhtmltopdf, then the header and "第 N 页 共 M 页" on every page."""
    return stamp_pages(html_to_pdf(html), header, font_path)


def stamp_pages(content: bytes, header: str, font_path: str = STAMP_FONT) -> bytes:
    """Stamp a running header and "第 N 页 共 M 页" on every page of ``content``. Debian's wkhtmltopdf is built
    without header/footer support, so they are drawn with reportlab on an overlay the size of each page (the
    font embedded) and merged onto it with pypdf."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    reader = PdfReader(io.BytesIO(content))
    total = len(reader.pages)
    if "ReportStamp" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("ReportStamp", font_path, subfontIndex=0))
    overlay = io.BytesIO()
    sheet = canvas.Canvas(overlay, initialFontName="ReportStamp", initialFontSize=8.5)
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        sheet.setPageSize((width, height))
        sheet.setFont("ReportStamp", 8.5)
        sheet.setStrokeGray(0.6)
        sheet.drawString(45, height - 32, header)
        sheet.line(45, height - 37, width - 45, height - 37)
        sheet.drawCentredString(width / 2, 24, f"第 {number} 页 共 {total} 页")
        sheet.showPage()
    sheet.save()
    stamps = PdfReader(io.BytesIO(overlay.getvalue()))
    writer = PdfWriter(clone_from=reader)
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
