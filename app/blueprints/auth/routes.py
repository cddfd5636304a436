from flask import redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from app import sessions
from app.accounts import SignInRefused, authenticate
from app.blueprints.auth import bp
from app.blueprints.auth.forms import SignInForm
from app.web import render, safe_path


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, request.remote_addr)
        except SignInRefused as refused:
            error = str(refused)
        else:
            # A fresh session at sign-in, so an id planted before it is worth nothing (session fixation).
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            login_user(user)
            sessions.begin(user)
            return redirect(_safe_next(request.args.get("next")) or _landing_page())
    status = 200 if error is None else 401
    return render("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        # A copy of the cookie kept from before (another tab, a stolen one) must not sign anyone in afterwards.
        sessions.end_all(current_user._get_current_object())
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths (app.web.safe_path), never another host; the home page is no particular place to
    return to."""
    path = safe_path(target)
    return path if path != "/" else None


def _landing_page() -> str:
    """Whoever has something to do lands on "my work"; the others (leaders who owe nothing) on the targets."""
    from app.campaign import current_campaign, today
    from app.obligations.work import my_work_count

    campaign = current_campaign(current_user.department.court_id)
    if campaign is not None and my_work_count(campaign, current_user._get_current_object(), today()):
        return url_for("work.index")
    return url_for("main.index")
