"""Documents the app produces: PDFs through pdfkit and wkhtmltopdf (pdf.py)."""
