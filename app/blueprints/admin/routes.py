"""Users and departments: HTMX tables with inline edit; accounts are deactivated, never deleted."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from app import accounts, sessions
from app.accounts import AccountError, save_user, set_active
from app.blueprints.admin import bp
from app.blueprints.admin.forms import ROLE_LABELS, DepartmentForm, UserForm
from app.extensions import db
from app.models import Department, User
from app.policy import can
from app.web import in_court_or_404, int_arg, is_htmx_partial_request, paginate, render

FORM_ERROR = 422  # htmx is configured (base.html) to swap 422 responses, so errors show in place


@bp.get("/")
def index() -> Response:
    return redirect(url_for("admin.users"))


def _departments() -> list[Department]:
    return list(
        db.session.scalars(
            select(Department).where(Department.court_id == current_user.court_id).order_by(Department.position)
        )
    )


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not can("admin.manage", user):
        abort(404)
    return user


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    form.department_id.choices = [SelectChoice(d.id, d.name) for d in _departments()]
    if user is not None and request.method == "GET":
        form.roles.data = [r.value for r in user.roles]
    return form


@bp.get("/users")
def users() -> str:
    query = (
        select(User).join(Department).where(Department.court_id == current_user.court_id)
        .order_by(Department.position, User.username)
    )
    search = request.args.get("q", "").strip()
    if search:
        query = query.where(or_(User.username.ilike(f"%{search}%"), User.display_name.ilike(f"%{search}%")))
    department_id = int_arg("department")
    if department_id:
        query = query.where(User.department_id == department_id)
    page = paginate(query)
    return render(
        "admin/users.html", "admin/_users_table.html",
        page=page, search=search, department_id=department_id, departments=_departments(), role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Response | str | tuple[str, int]:
    form = _user_form()
    if form.validate_on_submit():
        try:
            user = save_user(None, court_id=current_user.court_id, username=form.username.data,
                             display_name=form.display_name.data, department_id=form.department_id.data,
                             roles=form.roles.data, password=form.password.data)
        except AccountError as error:
            form.username.errors = [*form.username.errors, str(error)]
        else:
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    status = FORM_ERROR if form.errors else 200
    return render("admin/user_form.html", form=form, user=None), status


@bp.get("/users/<int:user_id>")
def user_row(user_id: int) -> Response | str:
    """One row of the table (an inline edit cancelled); plain navigation lands on the table."""
    user = _user_or_404(user_id)
    if not is_htmx_partial_request():
        return redirect(url_for("admin.users"))
    return render_template("admin/_user_row.html", user=user, role_labels=ROLE_LABELS)


@bp.get("/users/<int:user_id>/edit")
def edit_user(user_id: int) -> str:
    user = _user_or_404(user_id)
    return render("admin/user_form.html", "admin/_user_edit_row.html", user=user, form=_user_form(user))


@bp.post("/users/<int:user_id>")
def update_user(user_id: int) -> Response | str | tuple[str, int]:
    user = _user_or_404(user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            save_user(user, court_id=current_user.court_id, username=form.username.data,
                      display_name=form.display_name.data, department_id=form.department_id.data,
                      roles=form.roles.data, password=form.password.data)
        except AccountError as error:
            db.session.rollback()
            form.roles.errors = [*form.roles.errors, str(error)]
        else:
            if form.password.data and user.id == current_user.id:
                # A new password ends every session begun with the old one; the administrator's own, here, goes on.
                sessions.begin(user)
            if is_htmx_partial_request():
                return render_template("admin/_user_row.html", user=user, role_labels=ROLE_LABELS)
            flash(_("Account %(name)s saved.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render("admin/user_form.html", "admin/_user_edit_row.html", user=user, form=form), FORM_ERROR


@bp.post("/users/<int:user_id>/active")
def toggle_active(user_id: int) -> Response | str | tuple[str, int]:
    user = _user_or_404(user_id)
    error = None
    try:
        set_active(user, request.form.get("active") == "1", acting=current_user)
    except AccountError as exc:
        db.session.rollback()
        error = str(exc)
    if is_htmx_partial_request():
        html = render_template("admin/_user_row.html", user=user, role_labels=ROLE_LABELS, error=error)
        return (html, FORM_ERROR) if error else html
    flash(error or _("Account %(name)s updated.", name=user.username), "error" if error else "success")
    return redirect(url_for("admin.users"))


@bp.get("/departments")
def departments() -> str:
    return render("admin/departments.html", departments=_departments())


def _department_or_404(department_id: int) -> Department:
    return in_court_or_404(Department, department_id)


@bp.get("/departments/<int:department_id>")
def department_row(department_id: int) -> Response | str:
    department = _department_or_404(department_id)
    if not is_htmx_partial_request():
        return redirect(url_for("admin.departments"))
    return render_template("admin/_department_row.html", department=department)


@bp.get("/departments/<int:department_id>/edit")
def edit_department(department_id: int) -> str:
    department = _department_or_404(department_id)
    return render("admin/department_form.html", "admin/_department_edit_row.html",
                  department=department, form=DepartmentForm(obj=department))


@bp.post("/departments/<int:department_id>")
def update_department(department_id: int) -> Response | str | tuple[str, int]:
    department = _department_or_404(department_id)
    form = DepartmentForm()
    if form.validate_on_submit():
        accounts.update_department(department, name_zh=form.name_zh.data, name_en=form.name_en.data,
                                   active=form.active.data)
        if is_htmx_partial_request():
            return render_template("admin/_department_row.html", department=department)
        flash(_("Department saved."), "success")
        return redirect(url_for("admin.departments"))
    return render("admin/department_form.html", "admin/_department_edit_row.html",
                  department=department, form=form), FORM_ERROR

