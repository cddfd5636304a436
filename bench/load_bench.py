"""Load benchmark: `make bench` (or `bench/load_bench.py [--cases N] [--seconds S] [--clients C]
[--db sqlite|postgresql]`).

Builds a database (SQLite by default, or a throwaway PostgreSQL cluster) with the demo court, N demo cases
(default 1,000,000), the registers and the figures, and 200 accounts across all roles; starts gunicorn (4 sync
workers) on it; then, with C concurrent signed-in clients (default 50), measures
- the floor: a bare Flask route (`/healthz`, no session, no database) — requests per second;
- the dashboard alone — requests per second, and its ratio to the floor;
- the mix for S seconds (default 120): dashboards, filters, measure pages, the compliance matrix, the case
  list with a search, the ledger, the board, and hand-ins — median and 95th percentile per page, and errors —
  with people's pace (each client pauses 1–3 s between pages, as locust's ``between(1, 3)``);
- the same mix at saturation (no pause) for S/2 seconds: what the server sustains, and the latency then.
Prints Markdown tables for docs/benchmarks.md. Client threads run on the same machine as the server.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PAGES, run  # noqa: E402 - after the path is set

PASSWORD = "bench-2021"  # noqa: S105 - a throwaway benchmark database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(url: str, folder: Path, cases: int) -> list[str]:
    """The demo court with ``cases`` cases and 200 accounts in the database at ``url``; returns the accounts'
    user names."""
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.models import Department, Role, User

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                                     "AS_OF_DATE": date(2021, 12, 15),
                                     "ATTACHMENT_DIR": str(folder / "files"),
                                     "PASSWORD_HASH_METHOD": "pbkdf2:sha256:10000"})
    runner = app.test_cli_runner()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    for command in (["plan", "load"], ["demo", "users", "--password", PASSWORD],
                    ["demo", "cases", "--cases", str(cases), "--as-of", "2021-12-15"], ["demo", "hand-ins"],
                    ["indicators", "compute"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
    with app.app_context():
        divisions = list(db.session.scalars(select(Department).where(
            Department.kind.in_(("filing", "trial", "tribunal", "enforcement")))))
        names = list(db.session.scalars(select(User.username)))
        n = 0
        while len(names) < 200:  # more judges and staff, round the divisions
            department = divisions[n % len(divisions)]
            role = (Role.JUDGE, Role.STAFF)[n % 2]
            user = User(username=f"{department.code}.extra{n:03d}", display_name=f"{department.name_zh}干警{n:03d}",
                        department=department)
            user.roles = [role]
            user.set_password(PASSWORD)
            db.session.add(user)
            names.append(user.username)
            n += 1
        db.session.commit()
        # Closing the last connection checkpoints SQLite's write-ahead log (about 750 MB after the build) into the
        # database: otherwise the first request to write does it, and the first clients wait on it.
        db.engine.dispose()
    return [name for name in names if name != "admin"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qy-load-"))
    with ExitStack() as stack:
        if options.db == "sqlite":
            url = f"sqlite:///{folder / 'load.sqlite'}"
        else:
            from tests.services import postgresql_server

            url = stack.enter_context(postgresql_server())
        started = time.perf_counter()
        users = build(url, folder, options.cases)
        print(f"built {options.cases:,} cases and {len(users) + 1} accounts on {options.db} in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        measure(url, folder, users, options)


def measure(url: str, folder: Path, users: list[str], options: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "APP_CONFIG": "development",
           "AS_OF_DATE": "2021-12-15", "ATTACHMENT_DIR": str(folder / "files"), "REDIS_URL": "redis://127.0.0.1:1/0"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                               "--workers", "4", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.2)
        window = 20.0
        floor, floor_requests = run(base, users, PASSWORD, window, options.clients, {"floor": "/healthz"},
                                    hand_ins=False)
        dashboard, dashboard_requests = run(base, users, PASSWORD, window, options.clients, {"dashboard": "/"},
                                            hand_ins=False)
        mix, mix_requests = run(base, users, PASSWORD, options.seconds, options.clients, PAGES, think=(1.0, 3.0))
        saturated, saturated_requests = run(base, users, PASSWORD, options.seconds / 2, options.clients, PAGES)
    finally:
        server.terminate()
        server.wait(timeout=20)
    floor_rate, dashboard_rate = floor_requests / window, dashboard_requests / window
    print(f"| throughput ({options.clients} clients, {window:.0f} s each) | requests/s |")
    print("|---|---|")
    print(f"| floor: bare Flask route `/healthz` | {floor_rate:.0f} |")
    print(f"| dashboard `/` (signed in, {options.cases:,} cases) | {dashboard_rate:.0f} |")
    print(f"| dashboard ÷ floor | {dashboard_rate / floor_rate:.2f} |")
    print()
    runs = ((f"{options.clients} clients pausing 1–3 s", mix, options.seconds),
            (f"{options.clients} clients, no pause (saturation)", saturated, options.seconds / 2))
    for title, stats, seconds in runs:
        total = sum(len(v) for v in stats.times.values())
        print(f"\n| page ({title}, {seconds:.0f} s, {len(users) + 1} accounts; {total / seconds:.0f} requests/s) "
              "| requests | median ms | p95 ms |")
        print("|---|---|---|---|")
        for page, count, median, p95 in stats.table():
            print(f"| {page} | {count} | {median:.0f} | {p95:.0f} |")
    errors = floor.errors + dashboard.errors + mix.errors + saturated.errors
    requests = floor_requests + dashboard_requests + mix_requests + saturated_requests
    print(f"\nerror responses: {len(errors)} of {requests}" + (f" (first: {errors[:3]})" if errors else ""))


if __name__ == "__main__":
    main()
