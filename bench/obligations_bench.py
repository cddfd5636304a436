"""Obligations benchmark: `make bench` (or `bench/obligations_bench.py [--cases N]`).

Builds a SQLite database with the demo court, N demo cases (default 300,000: thirty county-court years), the
registers and the reversed-case files as `make run` does, then times, in one process, each the median of 3 runs:
- every duty's statuses (what the console and the reminders read);
- the console for one month;
- "my work" for the office, a division head, a judge, the enforcement bureau's liaison, the supervision office
  and the president (what the landing page and the header's count read).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2021, 12, 15)
PEOPLE = ("office", "civil.head", "civil.judge1", "enforcement.staff", "supervision", "president")


def build(url: str, folder: Path, cases: int):
    from app import create_app

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "AS_OF_DATE": AS_OF,
                                     "ATTACHMENT_DIR": str(folder / "files"),
                                     "PASSWORD_HASH_METHOD": "pbkdf2:sha256:10000"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    runner = app.test_cli_runner()
    for command in (["plan", "load"], ["demo", "users"], ["demo", "cases", "--cases", str(cases), "--as-of",
                                                          AS_OF.isoformat()],
                    ["demo", "hand-ins"], ["demo", "reversals"], ["indicators", "compute"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
    return app


def timed(action) -> tuple[float, object]:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        result = action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300_000)
    options = parser.parse_args()
    from sqlalchemy import func, select

    from app.extensions import db
    from app.indicators.periods import month_period
    from app.models import Campaign, Case, User
    from app.obligations import evaluate
    from app.obligations.console import console
    from app.obligations.work import my_work

    with tempfile.TemporaryDirectory(prefix="qy-obligations-") as folder:
        started = time.perf_counter()
        app = build(f"sqlite:///{folder}/bench.sqlite", Path(folder), options.cases)
        with app.app_context(), app.test_request_context("/"):
            campaign = db.session.scalar(select(Campaign))
            total = db.session.scalar(select(func.count()).select_from(Case))
            print(f"built {total:,} cases in {time.perf_counter() - started:.0f} s")
            print("\n| what | statuses | ms (median of 3) |\n|---|---|---|")
            seconds, found = timed(lambda: evaluate(campaign, AS_OF))
            print(f"| every duty's statuses | {len(found):,} | {seconds * 1000:.0f} |")
            seconds, view = timed(lambda: console(campaign, month_period(2021, 11), AS_OF))
            print(f"| the console, 2021-11 | {sum(len(c.statuses) for c in view.by_department.values()):,} | "
                  f"{seconds * 1000:.0f} |")
            for username in PEOPLE:
                user = db.session.scalar(select(User).where(User.username == username))
                seconds, work = timed(lambda user=user: my_work(campaign, user, AS_OF))
                print(f"| my work: {username} | {work.count:,} | {seconds * 1000:.0f} |")


if __name__ == "__main__":
    main()
