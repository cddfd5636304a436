"""Settings, read from the environment. Nothing secret has a default outside development and tests."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_date(name: str) -> date | None:
    value = os.environ.get(name)
    return date.fromisoformat(value) if value else None


def _env_flag(name: str, default: bool) -> bool:
    """``1``/``true``/``yes``/``on`` or ``0``/``false``/``no``/``off``; unset or empty means ``default``."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, not {value!r}")


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'quality_year.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    PLAN_FILE = os.environ.get("PLAN_FILE", str(PROJECT_ROOT / "plans" / "wuzhi-2021.toml"))
    # The day the app treats as "today" for the phase banner; unset means the real date.
    # Demo data describes 2021, so `make run` sets it to a day inside that campaign.
    AS_OF_DATE = _env_date("AS_OF_DATE")

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Production is served over HTTPS (docs/deploy.md): the cookie goes out on HTTPS only unless
    # SESSION_COOKIE_SECURE=0 says the installation is a plain-http intranet.
    SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A session unused this long ends (app/sessions.py); signing out ends it at once.
    SESSION_IDLE_HOURS = float(os.environ.get("SESSION_IDLE_HOURS", "8"))
    # How many proxies (nginx: 1) stand in front of the app and set X-Forwarded-For/-Proto; 0 trusts no header.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Pages stay open all day in an office; a token expiring after an hour would refuse honest forms.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    # Failed sign-ins within the window: after LOGIN_MAX_FAILURES for one account each further attempt waits twice
    # as long as the last (capped at LOGIN_MAX_DELAY_SECONDS); one address is refused after 4 × LOGIN_MAX_FAILURES.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))
    LOGIN_MAX_DELAY_SECONDS = int(os.environ.get("LOGIN_MAX_DELAY_SECONDS", "900"))
    PAGE_SIZE = 25
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "200")) * 1024 * 1024
    # What an uploaded .xlsx may expand to before it is parsed (app/importers/workbook_checks.py): each part's
    # size and compression ratio, a sheet's columns and rows, and the cells of the dense grid calamine builds from
    # the first to the last filled cell (32 bytes each: 30 million is about 1 GB).
    IMPORT_SHEET_MAX_BYTES = int(os.environ.get("IMPORT_SHEET_MAX_MB", "200")) * 1024 * 1024
    IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "100"))
    IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
    IMPORT_MAX_ROWS = 1_048_576  # Excel's own limit
    IMPORT_MAX_GRID_CELLS = int(os.environ.get("IMPORT_MAX_GRID_CELLS", "30000000"))
    # The address space an import job's work horse may use (RLIMIT_AS); 0 for none. Set in the horse only.
    IMPORT_MEMORY_LIMIT = int(os.environ.get("IMPORT_MEMORY_MB", "2048")) * 1024 * 1024
    # An upload left waiting for its column mapping is forgotten (its file removed) after this many days.
    IMPORT_MAPPING_KEEP_DAYS = int(os.environ.get("IMPORT_MAPPING_KEEP_DAYS", "7"))
    # An import keeps this many of its bad rows (and a count per column and reason of all of them).
    IMPORT_MAX_ERRORS = int(os.environ.get("IMPORT_MAX_ERRORS", "1000"))
    # Requests may carry an import a little over the import limit; the rest is refused with 413.
    MAX_CONTENT_LENGTH = IMPORT_MAX_BYTES + 1024 * 1024
    # Uploaded case files until they are imported or discarded (default: instance/uploads/imports).
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR")
    # Files handed in with register items; kept outside the web root (default: instance/attachments).
    ATTACHMENT_DIR = os.environ.get("ATTACHMENT_DIR")
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
    # Published reports' PDF and .xlsx files (default: instance/reports).
    REPORT_DIR = os.environ.get("REPORT_DIR")
    # A running job's liveness key (app/tasks): how long it lives and how often the job refreshes it. A worker that
    # dies is noticed about JOB_ALIVE_TTL seconds after its last refresh.
    JOB_ALIVE_TTL = float(os.environ.get("JOB_ALIVE_TTL", "15"))
    JOB_ALIVE_EVERY = float(os.environ.get("JOB_ALIVE_EVERY", "3"))
    PASSWORD_HASH_METHOD = "scrypt"  # nosec  # noqa: S105 - a method name, not a password


class DevelopmentConfig(Config):
    """The defaults; `make run` uses it (a generated secret key is fine there, and plain http)."""

    SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    SECRET_KEY = "test-secret-key"  # nosec  # noqa: S105 - tests only
    AS_OF_DATE = None  # tests pin "today" themselves; the environment must not
    SESSION_COOKIE_SECURE = REMEMBER_COOKIE_SECURE = False  # the test client speaks http
    TRUSTED_PROXIES = 0
    # Hashing strength is not what the tests are about; scrypt would dominate their run time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # nosec  # noqa: S105


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": Config}


def instance_secret_key(instance_path: str) -> str:
    """A per-installation key kept in the instance folder, so a dev/demo install needs no setup."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
