"""Measure 10: triage and fast track (繁简分流、速裁快审)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("triage_fast_track", __name__)
