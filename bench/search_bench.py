"""Case search benchmark, in process: `.venv/bin/python bench/search_bench.py DATABASE_URL [TERM ...]`.

Run on a database `bench/load_bench.py` built (it leaves its SQLite file in /tmp/qy-load-*/load.sqlite). Signs in
as the first account of each of five departments (the office sees the whole court) and times the case list
searching each term (default 民初, 离婚, 执, 豫0823, 离婚纠纷) through the Flask test client, 7 times each, two
ways: through the bigram index (app/search.py) and by walking the list with the substring test alone (the way
before the index). Prints a Markdown table of medians for docs/benchmarks.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from app import create_app, search
from app.extensions import db
from app.models import Case, Department, User

PASSWORD = "bench-2021"  # noqa: S105 - load_bench.py's throwaway accounts
DEPARTMENTS = ("enforcement", "criminal", "civil", "case-filing", "trial-management")


def main() -> None:
    url, terms = sys.argv[1], sys.argv[2:] or ["民初", "离婚", "执", "豫0823", "离婚纠纷"]
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                                     "WTF_CSRF_ENABLED": False, "AS_OF_DATE": date(2021, 12, 15)})
    with app.app_context():
        people = []
        for code in DEPARTMENTS:
            department = db.session.scalar(select(Department).where(Department.code == code))
            user = db.session.scalar(select(User).where(User.department_id == department.id).order_by(User.id))
            cases = db.session.scalar(select(db.func.count()).select_from(Case).where(
                Case.department_id == department.id)) if code != "trial-management" else None
            people.append((department.name_zh, cases, user.username))
    print("| who (cases in scope) | term | index median ms | walk median ms |")
    print("|---|---|---|---|")
    for name, cases, username in people:
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": PASSWORD})
        for term in terms:
            medians = []
            for limit in (search.SPARSE_AT_MOST, -1):  # -1: no term is ever "few", every search walks
                search.SPARSE_AT_MOST = limit
                times = []
                for _ in range(7):
                    start = time.perf_counter()
                    assert client.get("/cases/", query_string={"q": term}).status_code == 200
                    times.append((time.perf_counter() - start) * 1000)
                medians.append(statistics.median(times))
            search.SPARSE_AT_MOST = 10_000
            scope = f"{cases:,}" if cases is not None else "whole court"
            print(f"| {name} ({scope}) | {term} | {medians[0]:.1f} | {medians[1]:.1f} |")


if __name__ == "__main__":
    main()
