"""Report benchmark: `make bench` (or `bench/reports_bench.py`).

Builds the demo year on a throwaway SQLite database (12,000 cases, the registers, the reversed-case files, the
figures and the year-end scores), then times in one process the PDFs the office produces: the court-wide
year-end assessment (with its trend charts), one department's, the monthly bulletin and the quarterly analysis
— each built from the data and rendered through wkhtmltopdf and the page stamping — against the floor: a
one-page document through the same pipeline. Medians of 3 runs. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from pypdf import PdfReader
    from sqlalchemy import select

    from app import create_app
    from app.assessment import run
    from app.extensions import db
    from app.models import Campaign, Department, Report, User
    from app.pdf import report_pdf
    from app.phases import open_assessment
    from app.reports.service import KINDS, render_pdf

    folder = Path(tempfile.mkdtemp())
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                                     "AS_OF_DATE": date(2021, 12, 31), "ATTACHMENT_DIR": str(folder / "files"),
                                     "SECRET_KEY": "bench"})
    runner = app.test_cli_runner()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    for command in (["plan", "load"], ["demo", "users"], ["demo", "cases", "--as-of", "2021-12-31"],
                    ["demo", "hand-ins"], ["demo", "reversals"], ["indicators", "compute"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        office = db.session.scalar(select(User).where(User.username == "office"))
        open_assessment(campaign, office, date(2022, 1, 5))
        run(campaign, office, date(2022, 1, 5))
        civil = db.session.scalar(select(Department).where(Department.code == "civil"))

        def pdf(kind: str, period: str, department: Department | None = None) -> bytes:
            from app.indicators.periods import parse_period

            module = KINDS[kind]
            content = module.build(campaign, parse_period(period), date(2022, 1, 5), department)
            report = Report(court_id=campaign.court_id, campaign_id=campaign.id, kind=kind, period=period, version=0,
                            status="draft", title=f"bench {kind}", content=content, commentary={},
                            definition_version=campaign.definition_version)
            return render_pdf(report)

        floor = median_seconds(lambda: report_pdf("<html><body><p>一</p></body></html>", "floor"))
        cases = [("year-end, court-wide (with charts)", ("year_end", "2021", None), 5.0),
                 ("year-end, one department (with charts)", ("year_end", "2021", civil), 2.0),
                 ("monthly bulletin", ("monthly", "2021-11", None), None),
                 ("quarterly analysis (with charts)", ("quarterly", "2021Q3", None), None)]
        rows = []
        for name, arguments, target in cases:
            pages = len(PdfReader(io.BytesIO(pdf(*arguments))).pages)
            rows.append((name, pages, median_seconds(lambda arguments=arguments: pdf(*arguments)), target))
    print("| PDF (demo year, 12,000 cases) | pages | median s | target s | ÷ floor (one-page PDF, "
          f"{floor:.2f} s) |")
    print("|---|---|---|---|---|")
    for name, pages, seconds, target in rows:
        print(f"| {name} | {pages} | {seconds:.2f} | {target if target else '—'} | {seconds / floor:.1f} |")


if __name__ == "__main__":
    main()
