"""Application factory for the Case Quality Year (案件质量年) app."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, flash, g, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_url
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from app.clock import local_time
from app.config import CONFIGS, PROJECT_ROOT, instance_secret_key
from app.extensions import babel, csrf, db, login_manager, migrate


def create_app(config_name: str | None = None, settings: dict[str, Any] | None = None) -> Flask:
    """Build the app from a config class (development, test, production; default $APP_CONFIG)
    and optional ``settings`` that override it."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    name = config_name or os.environ.get("APP_CONFIG", "development")
    app.config.from_object(CONFIGS[name])
    app.config.update(settings or {})
    if not app.config.get("SECRET_KEY"):
        if name == "production":
            raise RuntimeError("SECRET_KEY must be set in production")
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if app.config["TRUSTED_PROXIES"]:
        # Behind nginx every request comes from the proxy's address: take the client's (and the scheme) from the
        # headers the trusted proxies set, and no more of them than there are proxies, so a client cannot
        # choose its own address (the sign-in limit and the audit trail's "from" rely on it).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    register_extensions(app)
    register_measure_hooks()
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import sessions  # imports the models too, before the database is bound

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # Bind the Chinese text lazily so the flash follows the user's locale.
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Please sign in to open this page.")
    login_manager.session_protection = "strong"

    # Sessions ended by signing out, a new password or idleness are refused here (app/sessions.py).
    login_manager.user_loader(sessions.signed_in_user)

    @login_manager.unauthorized_handler
    def unauthorized() -> Any:
        """Flask-Login's own redirect to the sign-in page, saying why when the session sat idle too long."""
        if g.get("session_expired"):
            # login_manager serves every app built in this process: read the settings of the one answering.
            hours = float(current_app.config["SESSION_IDLE_HOURS"])
            flash(gettext("You were signed out after %(hours)s hours without activity. Please sign in again.",
                          hours=f"{hours:g}"), "info")
        else:
            flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, next_url=request.url))


def select_locale() -> str:
    languages = ("zh_CN", "en")
    if not has_request_context():  # CLI and jobs speak the default language
        return "zh_CN"
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return "zh_CN"


def register_measure_hooks() -> None:
    """The measure modules that hook into the generic registers (app/registers/hooks.py) register on import."""
    import app.pending  # noqa: F401  "extend_time_limit" (measure 9)


def register_blueprints(app: Flask) -> None:
    from app.blueprints import register_all
    from app.web import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter  # before the routes: each rule takes its converter when added
    register_all(app)


def register_request_hooks(app: Flask) -> None:
    from app.web import forbid_caching_when_signed_in

    app.after_request(forbid_caching_when_signed_in)

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        # Partial and full responses differ for the same URL; caches must keep them apart.
        response.vary.add("HX-Request")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.before_request
    def remember_locale_choice() -> None:
        if request.args.get("lang") in app.config["LANGUAGES"]:
            session["locale"] = request.args["lang"]


def register_template_helpers(app: Flask) -> None:
    from app import policy
    from app.campaign import campaign_status, today
    from app.models import Notification

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return db.session.scalar(
            select(func.count()).where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        )

    def my_work_count_now() -> int:
        """The header's count of what the signed-in person has to do (cached until something changes)."""
        from app.obligations.work import my_work_count

        status = campaign_status()
        if status is None:
            return 0
        return my_work_count(status.campaign, current_user._get_current_object(), status.day)

    from app.charts import sparkline, trend_chart
    from app.labels import (
        audit_action_label,
        band_label,
        case_column_label,
        format_value,
        import_status_label,
        line_label,
        objection_status_label,
        obligation_state_label,
        period_label,
        report_status_label,
        state_label,
        status_label,
    )
    from app.models import ItemStatus
    from app.obligations import owner_label

    app.jinja_env.globals.update(get_locale=get_locale, sparkline=sparkline, trend_chart=trend_chart,
                                 period_label=period_label, format_value=format_value,
                                 band_label=band_label, status_label=status_label,
                                 audit_action_label=audit_action_label, line_label=line_label, state_label=state_label,
                                 obligation_state_label=obligation_state_label,
                                 case_column_label=case_column_label, today=today,
                                 import_status_label=import_status_label, report_status_label=report_status_label,
                                 objection_status_label=objection_status_label,
                                 ItemStatus=ItemStatus)

    def measure_url(measure: Any) -> str | None:
        """The measure's page, or None for a measure a new plan names that has no blueprint yet."""
        return url_for(f"{measure.code}.index") if measure.code in app.blueprints else None

    app.jinja_env.globals["measure_url"] = measure_url
    app.jinja_env.globals["owner_label"] = owner_label

    def main_menu() -> list[str]:
        """The menu entries the signed-in user can use (app/policy.py decides), once per request: the menu and the
        banner both ask."""
        if "main_menu" not in g:
            g.main_menu = policy.menu()
        return g.main_menu

    app.jinja_env.globals["main_menu"] = main_menu

    def basic_court_count() -> int:
        """How many basic courts report to the signed-in user's court (an intermediate court's banner says so)."""
        from app.indicators.comparison import basic_courts

        return len(basic_courts(current_user.department.court_id)) if current_user.is_authenticated else 0

    app.jinja_env.globals["basic_court_count"] = basic_court_count
    # Recorded moments are shown on the court's clock: {{ e.at|local }}, {{ r.published_at|local('%Y-%m-%d') }}.
    app.jinja_env.filters["local"] = shown_local
    # For a measure's own pages beyond the shared ones (e.g. measure 9's ledger).
    app.jinja_env.globals["endpoint_exists"] = lambda name: name in app.view_functions

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"can": policy.can, "campaign_status": campaign_status, "unread_notifications": unread_notifications,
                "my_work_count": my_work_count_now}


def shown_local(moment: datetime | date | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A recorded moment as the court reads it (a plain date as it is; nothing for no moment)."""
    if moment is None:
        return ""
    return (local_time(moment) if isinstance(moment, datetime) else moment).strftime(pattern)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on, WAL and a busy timeout so concurrent writers wait instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()
