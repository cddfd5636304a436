"""Case import benchmark: `make bench` (or `.venv/bin/python bench/import_bench.py [--rows-xlsx N] [--rows-csv N]`).

Each import runs in its own process (`flask cases import`) on a fresh SQLite database, so its peak
memory (max RSS) is its own. The floor is a bare openpyxl read-only pass over the same .xlsx.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(ROOT / ".venv" / "bin" / "flask")


# Runs the command as its own child and reports that child's peak RSS alone (kB on Linux).
_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(done.returncode)\n")


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB of the command's process, and its output."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done.stdout.strip()


def fresh_database(workdir: Path, name: str) -> dict[str, str]:
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{workdir / name}.sqlite",
           "SECRET_KEY": "bench", "AS_OF_DATE": "2021-12-15"}
    for args in (["db", "upgrade"], ["plan", "load"]):
        subprocess.run([FLASK, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    return env


def floor_pass(path: Path) -> float:
    code = ("import sys, openpyxl\n"
            "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
            "n = sum(1 for row in wb.worksheets[0].iter_rows(values_only=True) for v in row)\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-xlsx", type=int, default=100_000)
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="qy-bench-"))
    rows = []

    env = fresh_database(workdir, "gen")
    xlsx = workdir / "cases.xlsx"
    csv = workdir / "cases.csv"
    for path, count in ((xlsx, options.rows_xlsx), (csv, options.rows_csv)):
        subprocess.run([FLASK, "demo", "cases", "--cases", str(count), "--seed", "1", "--out", str(path)],
                       env=env, cwd=ROOT, check=True, capture_output=True)

    floor = floor_pass(xlsx)
    env = fresh_database(workdir, "xlsx")
    seconds, peak, output = run([FLASK, "cases", "import", str(xlsx)], env)
    rows.append(("xlsx", options.rows_xlsx, seconds, peak, floor, output))
    again, again_peak, again_output = run([FLASK, "cases", "import", str(xlsx)], env)
    rows.append(("xlsx again (all unchanged)", options.rows_xlsx, again, again_peak, floor, again_output))

    env = fresh_database(workdir, "csv")
    seconds, peak, output = run([FLASK, "cases", "import", str(csv)], env)
    rows.append(("csv", options.rows_csv, seconds, peak, None, output))

    print("| file | rows | seconds | rows/s | peak MB | floor s (openpyxl read-only pass) | import ÷ floor |")
    print("|---|---|---|---|---|---|---|")
    for kind, count, secs, mb, floor_s, _out in rows:
        ratio = f"{secs / floor_s:.2f}" if floor_s else "—"
        floor_text = f"{floor_s:.1f}" if floor_s else "—"
        print(f"| {kind} | {count:,} | {secs:.1f} | {count / secs:,.0f} | {mb:.0f} | {floor_text} | {ratio} |")
    for kind, _count, _secs, _mb, _floor, out in rows:
        print(f"{kind}: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
