"""Indicator benchmark: `make bench` (or `bench/indicators_bench.py [--cases N] [--db sqlite|postgresql|both]`).

Builds a province-sized case table with the demo generator, then measures in one process:
- a full recompute (every indicator × 12 months, 4 quarters, the year, year-to-date, the campaign ×
  court, departments and judges, stored as snapshots);
- the floor: one aggregate query that scans the case table once with the same filters (the closed-date
  family's sums over the whole year, grouped by department and judge);
- the dashboard page and an HTMX filter swap, median server time over repeated requests (snapshots).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    options = parser.parse_args()
    print("| database | cases | full recompute s | figures stored | floor s (one scan) | recompute ÷ floor "
          "| dashboard median ms | HTMX swap median ms |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in (["sqlite", "postgresql"] if options.db == "both" else [options.db]):
        with ExitStack() as stack:
            if kind == "sqlite":
                url = f"sqlite:///{tempfile.mkdtemp(prefix='qy-bench-')}/bench.sqlite"
            else:
                from tests.services import postgresql_server

                url = stack.enter_context(postgresql_server())
            print(measure(url, kind, options.cases), flush=True)


def measure(url: str, kind: str, count: int) -> str:
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": url, "SECRET_KEY": "bench", "AS_OF_DATE": "2021-12-15"}
    flask = str(ROOT / ".venv" / "bin" / "flask")
    for args in (["db", "upgrade"], ["plan", "load"], ["demo", "cases", "--cases", str(count), "--seed", "1"]):
        subprocess.run([flask, *args], env=env, cwd=ROOT, check=True, capture_output=True)

    os.environ.update({"DATABASE_URL": url, "SECRET_KEY": "bench", "AS_OF_DATE": "2021-12-15"})
    from sqlalchemy import and_, select

    from app import create_app
    from app.extensions import db
    from app.indicators import recompute_court
    from app.indicators.definitions import TALLIES, PlanTerms, cases
    from app.indicators.engine import _sum_columns
    from app.models import Campaign, Department, Role, User

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        start = time.perf_counter()
        stored = recompute_court(campaign.court_id)
        recompute = time.perf_counter() - start

        tallies = [t for t in TALLIES.values() if t.date == "closed_on" and not t.pending_at_start]
        floor_query = (select(cases.c.department_id, cases.c.judge_id,
                              *_sum_columns(PlanTerms(campaign.document), tallies))
                       .where(and_(cases.c.court_id == campaign.court_id, cases.c.closed_on >= campaign.start_date,
                                   cases.c.closed_on <= campaign.end_date))
                       .group_by(cases.c.department_id, cases.c.judge_id))
        start = time.perf_counter()
        db.session.execute(floor_query).all()
        floor = time.perf_counter() - start

        office = db.session.scalar(select(User).where(User.username == "bench.office"))
        if office is None:
            department = db.session.scalar(select(Department).where(Department.kind == "office"))
            office = User(username="bench.office", display_name="bench", department=department)
            office.roles = [Role.OFFICE]
            office.set_password("bench-password")
            db.session.add(office)
            db.session.commit()
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))

    client = app.test_client()
    signed_in = client.post("/auth/login", data={"username": "bench.office", "password": "bench-password"})
    assert signed_in.status_code == 302, signed_in.status_code
    page = _median_ms(lambda: client.get("/?period=2021"))
    swap = _median_ms(lambda: client.get(f"/?period=2021-05&department={civil}", headers={"HX-Request": "true"}))
    return (f"| {kind} | {count:,} | {recompute:.1f} | {stored:,} | {floor:.2f} | {recompute / floor:.1f} "
            f"| {page:.1f} | {swap:.1f} |")


def _median_ms(request: Callable[[], Any], repeat: int = 40) -> float:
    request()  # warm caches and templates
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings)


if __name__ == "__main__":
    main()
