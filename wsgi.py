"""WSGI entry point: `gunicorn wsgi:app`, and the app `flask` finds (FLASK_APP=wsgi)."""

from app import create_app

app = create_app()
