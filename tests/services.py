"""Throwaway Redis and PostgreSQL servers for the test run, on free local ports."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start on port {port}")


@contextmanager
def redis_server() -> Iterator[str]:
    workdir = tempfile.mkdtemp(prefix="qy-redis-")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _as_postgres(args: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI and the dev machines run as root.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgresql_server() -> Iterator[str]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found; run scripts/install-system-deps.sh")
    bindir = candidates[-1]
    workdir = tempfile.mkdtemp(prefix="qy-pg-")
    os.chmod(workdir, 0o755)
    datadir = os.path.join(workdir, "data")
    os.mkdir(datadir)
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        shutil.chown(datadir, "postgres")
    port = free_port()
    run = lambda args: subprocess.run(_as_postgres(args), check=True, capture_output=True)  # noqa: E731
    try:
        run([f"{bindir}/initdb", "-D", datadir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"])
        run([f"{bindir}/pg_ctl", "-D", datadir, "-w", "-l", os.path.join(datadir, "log"), "start", "-o",
             f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
             f"-c full_page_writes=off"])
        run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "quality_year_test"])
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/quality_year_test"
    finally:
        subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


def start_worker(database_url: str, redis_url: str, *queues: str, **settings: str) -> subprocess.Popen:
    """A real `rq worker` on the test database and Redis, as `make run` starts it, in a process group of its own
    so that a test can kill it together with its work horse (``os.killpg``)."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "test-secret",
           "APP_CONFIG": "development", "PYTHONPATH": str(root), **settings}
    env.pop("AS_OF_DATE", None)
    return subprocess.Popen([sys.executable, "-m", "rq.cli", "worker", "--url", redis_url, *(queues or ("default",))],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
