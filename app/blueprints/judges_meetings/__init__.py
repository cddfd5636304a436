"""Measure 7: professional judges' meetings (专业法官会议)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("judges_meetings", __name__)
