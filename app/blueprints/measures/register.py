"""The register pages a measure blueprint declares (PAGES): items, hand-in and review, attachments, the compliance
matrix, the board, the office's lists and draws, and the period's summary workbook.

One set of view functions serves every measure: the measure is the blueprint answering the request. They answer 404
when the loaded plan's entry lacks what they show. HTTP only: the rules are in app/registers/ and app/policy.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from werkzeug.wrappers import Response

from app import pending
from app.blueprints.measures import measure_for
from app.campaign import today
from app.extensions import db
from app.indicators.periods import parse_period
from app.labels import status_label
from app.models import (
    AuditEntry,
    Campaign,
    Department,
    Draw,
    ItemAttachment,
    ItemStatus,
    Measure,
    RegisterItem,
    Selection,
    User,
)
from app.plans.access import measure_spec
from app.plans.schema import DrawSpec, ItemKindSpec, ListSpec, MeasureSpec
from app.policy import (
    may_edit_item,
    may_file,
    may_hand_in,
    may_score_item,
    may_see_item,
    require,
    visible_department_ids,
    visible_items,
)
from app.registers import attachments, draws, selections
from app.registers.cases import case_field, check_case, department_judges, judge_field
from app.registers.compliance import compliance
from app.registers.spec import (
    RegisterError,
    has_register,
    item_deadline,
    kind_period,
    open_periods,
    periods_of,
)
from app.registers.summary import summary_workbook
from app.registers.workflow import (
    StaleItem,
    add_comment,
    add_review,
    allowed_moves,
    delete_draft,
    move,
    new_item,
    save_values,
)
from app.tasks import QueueUnavailable
from app.tasks.indicators import start_recompute
from app.web import db_int, int_arg, paginate, render
from app.xlsx import xlsx_response

from .forms import MISSING_REASON, CommentForm, MoveForm, PeriodForm, SelectForm, UploadForm, item_form, kind_fields

STATUSES = tuple(ItemStatus)


class Register:
    """The plan entry, campaign and row of one measure's register, for the signed-in user's court."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.campaign: Campaign = measure.campaign
        spec = measure_spec(self.campaign, measure.code)
        if not has_register(spec):
            abort(404)
        self.spec: MeasureSpec = spec
        self.code = measure.code

    def kind(self, code: str) -> ItemKindSpec:
        kind = self.spec.item_kind(code)
        if kind is None:
            abort(404)
        return kind

    def kinds_i_hand_in(self) -> list[ItemKindSpec]:
        """Kinds the signed-in user may start an item of (not those only the draws open)."""
        if current_user.department_id not in {d.id for d in self.measure.departments}:
            return []
        opened_by_draws = {d.creates_kind for d in self.spec.draws}
        return [k for k in self.spec.item_kinds
                if k.code not in opened_by_draws and may_hand_in(k.handed_in_by, current_user.department)]

    def list_name(self, code: str) -> str:
        """The name of a list or draw an item was put on."""
        return next((entry.name for entry in [*self.spec.lists, *self.spec.draws] if entry.code == code), code)

    def scoring_draw(self, item: RegisterItem) -> DrawSpec | None:
        """The draw whose items the office reviews with a score, when ``item`` is of its kinds."""
        return next((d for d in self.spec.draws if d.scored_review
                     and (item.kind in d.from_kinds or item.kind == d.creates_kind)), None)

    def scored(self, item: RegisterItem) -> bool:
        return self.scoring_draw(item) is not None

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"register": self, "measure": self.measure, "spec": self.spec, **extra}


def _register() -> Register:
    """The register of the measure whose blueprint answers the request (blueprints are named by measure code)."""
    return Register(measure_for(request.blueprint))


def item_or_404(reg: Register, item_id: int) -> RegisterItem:
    item = db.session.get(RegisterItem, item_id)
    if item is None or item.measure_code != reg.code or item.campaign_id != reg.campaign.id or not may_see_item(item):
        abort(404)  # another department's draft looks the same as one that does not exist
    return item


def back_to(item: RegisterItem) -> Response:
    return redirect(url_for(".item_detail", item_id=item.id, back=_back_filters() or None))


@require("measure.view")
def items() -> str:
    reg = _register()
    query = _visible_items(reg)
    args = request.args
    period = args.get("period", "")
    if period:
        query = query.where(RegisterItem.period == period)
    if (kind := args.get("kind", "")) and reg.spec.item_kind(kind):
        query = query.where(RegisterItem.kind == kind)
    if (status := args.get("status", "")) in STATUSES:
        query = query.where(RegisterItem.status == status)
    department_id = int_arg("department")
    if department_id:
        query = query.where(RegisterItem.department_id == department_id)
    if author_id := int_arg("author"):
        query = query.where(RegisterItem.author_id == author_id)
    page = paginate(query.order_by(RegisterItem.period.desc(), RegisterItem.department_id, RegisterItem.id.desc()))
    visible = visible_department_ids()
    departments = [d for d in reg.measure.departments if visible is None or d.id in visible]
    periods = sorted({p.key for k in reg.spec.item_kinds for p in periods_of(reg.campaign, kind_period(reg.spec,
                                                                                                        k.code))},
                     reverse=True)
    return render("register/items.html", "register/_items_table.html", **reg.context(
        page=page, departments=departments, periods=periods, filters=args, statuses=STATUSES,
        back_query=list_filters(args.items()),
        kinds_i_hand_in=reg.kinds_i_hand_in()))


@require("measure.view")
def new_item_page(kind_code: str) -> str | Response | tuple[str, int]:
    reg = _register()
    kind = reg.kind(kind_code)
    if kind not in reg.kinds_i_hand_in():
        abort(403)
    periods = open_periods(reg.campaign, kind_period(reg.spec, kind.code), today())
    if not periods:
        flash(_("No hand-in period has begun yet."), "error")
        return redirect(url_for(".items"))
    # ?case= fills in the case a row of a list started the request from (the ledger's "request" link).
    number_field = case_field(kind)
    prefill = {number_field: request.args["case"][:60]} \
        if number_field and request.method == "GET" and request.args.get("case") else None
    form = item_form(kind, periods, department_judges(current_user.department_id), data=prefill)
    if form.validate_on_submit() and _case_checked(form, kind, current_user.department, current_user):
        item = new_item(reg.campaign, reg.spec, kind, current_user.department, current_user, form.period.data)
        save_values(item, kind, form.data, current_user, missing_reason=form.data.get(MISSING_REASON))
        flash(_("Saved as a draft. Attach the document and hand it in when it is ready."), "success")
        return back_to(item)
    return _form_page(reg, form, kind, None)


@require("measure.view")
def item_detail(item_id: int) -> str:
    reg = _register()
    item = item_or_404(reg, item_id)
    return render_template("register/item.html", **_item_context(reg, item))


@require("measure.view")
def edit_item(item_id: int) -> str | Response | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    kind = reg.kind(item.kind)
    if not may_edit_item(item, kind.handed_in_by):
        abort(403)
    periods = open_periods(reg.campaign, kind_period(reg.spec, kind.code), today())
    data = {**_form_values(kind, item.values or {}), "period": item.period, "version": item.version,
            MISSING_REASON: item.case_missing_reason}
    judges = department_judges(item.department_id)
    kept = (item.values or {}).get(judge_field(kind) or "")  # a name handed in before the list stays choosable
    form = item_form(kind, periods, judges + ([kept] if kept and kept not in judges else []),
                     None if request.method == "POST" else data)
    # An item the draw opened names the drawn case: it is the department's by the draw, not by its author.
    if form.validate_on_submit() and (item.author_id is None or _case_checked(form, kind, item.department,
                                                                               current_user)):
        try:
            if item.author_id is not None:  # an item a draw opened keeps the draw's period
                item.period = form.period.data
            save_values(item, kind, form.data, current_user, version=_int(form.version.data),
                        missing_reason=form.data.get(MISSING_REASON))
        except StaleItem as error:
            db.session.rollback()
            flash(str(error), "error")
            return back_to(item)
        flash(_("Saved."), "success")
        return back_to(item)
    return _form_page(reg, form, kind, item)


@require("measure.view")
def delete_item(item_id: int) -> Response | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    try:
        delete_draft(item, reg.kind(item.kind), current_user)
    except RegisterError as error:
        flash(str(error), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    flash(_("The draft was deleted."), "success")
    return redirect(url_for(".items"))


@require("measure.view")
def move_item(item_id: int) -> str | Response | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed_cases = move(item, reg.kind(item.kind), reg.campaign, form.action.data, current_user,
                             version=_int(form.version.data), reason=form.reason.data, today=today())
    except RegisterError as error:
        db.session.rollback()
        db.session.refresh(item)
        flash(str(error), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    flash(_("The item is now %(status)s.", status=status_label(item.status)), "success")
    if changed_cases:
        _recompute_after_change(reg.campaign.court_id)
    return back_to(item)


@require("measure.view")
def mark_filed(item_id: int) -> Response | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    try:
        pending.mark_filed_with_higher_court(item, reg.kind(item.kind), current_user)
    except RegisterError as error:
        flash(str(error), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    return back_to(item)


@require("measure.view")
def upload(item_id: int) -> str | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    kind = reg.kind(item.kind)
    if not may_edit_item(item, kind.handed_in_by):
        abort(403)
    upload = request.files.get("file")
    try:
        attached = attachments.add_attachment(item, upload.stream if upload else None,
                                              upload.filename if upload else None, list(kind.attachments),
                                              current_user)
    except RegisterError as error:
        flash(str(error), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    flash(_("Attached %(name)s.", name=attached.original_name), "success")
    return back_to(item)


def _attachment_or_404(reg: Register, attachment_id: int) -> tuple[ItemAttachment, RegisterItem]:
    """An attachment with its item, 404 unless the user may see the item (the item's rule decides)."""
    attachment = db.session.get(ItemAttachment, attachment_id)
    if attachment is None:
        abort(404)
    return attachment, item_or_404(reg, attachment.item_id)


@require("measure.view")
def download(attachment_id: int) -> Response:
    attachment, _item = _attachment_or_404(_register(), attachment_id)
    return attachments.download(attachment.stored_name, attachment.original_name, attachment.file_type)


@require("measure.view")
def delete_attachment(attachment_id: int) -> str:
    reg = _register()
    attachment, item = _attachment_or_404(reg, attachment_id)
    if not may_edit_item(item, reg.kind(item.kind).handed_in_by):
        abort(403)
    attachments.remove_attachment(attachment, current_user)
    flash(_("Removed %(name)s.", name=attachment.original_name), "success")
    return back_to(item)


@require("measure.view")
def comment(item_id: int) -> str | tuple[str, int]:
    reg = _register()
    item = item_or_404(reg, item_id)
    form = CommentForm()
    reviewing = form.score.data is not None
    if reviewing and not may_score_item(item, reg.scored(item)):
        abort(403)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    try:
        if reviewing:
            add_review(item, current_user, form.body.data, form.score.data, request.form.get("mode"),
                       reg.scoring_draw(item).review_modes)
        else:
            add_comment(item, current_user, form.body.data)
    except RegisterError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("register/item.html", **_item_context(reg, item)), 422
    db.session.commit()
    return back_to(item)


@require("measure.view")
def compliance_page() -> str:
    reg = _register()
    matrices = compliance(reg.campaign, reg.measure, reg.spec, today(), visible_department_ids())
    return render_template("register/compliance.html", **reg.context(matrices=matrices, today=today()))


@require("measure.view")
def board_page() -> str:
    reg = _register()
    entries = selections.board(reg.campaign, reg.spec)
    periods = list(dict.fromkeys(e.period for e in entries))
    period = request.args.get("period")
    period = period if period in periods else (periods[0] if periods else None)
    return render_template("register/board.html", **reg.context(
        entries=[e for e in entries if e.period == period], periods=periods, period=period))


@require("register.manage")
def list_page(list_code: str) -> str:
    reg = _register()
    return render_template("register/list.html", **_list_context(reg, list_code,
                                                                              request.args.get("period")))


@require("register.manage")
def list_add(list_code: str, period: str) -> str | tuple[str, int]:
    reg = _register()
    form = SelectForm()
    entry = _list_entry(reg, list_code)
    form.showcases.choices = [(s.code, s.name) for s in entry.showcases]
    if not form.validate_on_submit():
        abort(400)
    item = item_or_404(reg, _int(form.item_id.data) or 0)
    return _list_action(reg, list_code, period, lambda: selections.add(
        reg.campaign, reg.spec, list_code, period, item, current_user, form.showcases.data or []))


@require("register.manage")
def list_remove(list_code: str, period: str, selection_id: int) -> str | tuple[str, int]:
    reg = _register()
    selection = db.session.get(Selection, selection_id)
    if selection is None or selection.campaign_id != reg.campaign.id or selection.list_code != list_code:
        abort(404)
    return _list_action(reg, list_code, period, lambda: selections.remove(selection, current_user))


@require("register.manage")
def list_publish(list_code: str, period: str) -> str | tuple[str, int]:
    reg = _register()
    return _list_action(reg, list_code, period, lambda: flash(
        _("Published %(count)d items on the board.",
          count=selections.publish(reg.campaign, reg.spec, list_code, period, current_user,
                                   request.form.get("short_reason"))), "success"))


@require("measure.view")
def draws_page() -> str:
    reg = _register()
    if not reg.spec.draws:
        abort(404)
    return render_template("register/draws.html", **_draws_context(reg))


@require("register.manage")
def run_draw(draw_code: str) -> str | tuple[str, int]:
    reg = _register()
    form = PeriodForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        entry = draws.draw_spec(reg.spec, draw_code)
        made = draws.run_draw(reg.campaign, reg.spec, entry, form.period.data, current_user)
    except (RegisterError, ValueError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("register/draws.html", **_draws_context(reg)), 422
    flash(_("Drawn: %(chosen)s.", chosen=", ".join(c for d in made for c in _chosen_labels(d))), "success")
    return redirect(url_for(".draws_page"))


@require("measure.view")
def draw_detail(draw_id: int) -> str:
    reg = _register()
    result = db.session.get(Draw, draw_id)
    if result is None or result.campaign_id != reg.campaign.id or result.measure_code != reg.code:
        abort(404)
    return render_template("register/draw.html", **reg.context(draw=result, verified=draws.verify(result),
                                                             chosen=_chosen_labels(result)))


@require("register.manage")
def summary() -> Response:
    reg = _register()
    try:
        period = parse_period(request.args.get("period", ""))
    except ValueError as error:
        abort(400, str(error))
    content = summary_workbook(reg.campaign, reg.measure, reg.spec, period.key, today())
    return xlsx_response(content, f"{reg.measure.name_zh}-{period.key}.xlsx")


# The register's pages in groups a measure blueprint declares (measure_blueprint's ``pages``): each group is what
# one part of a plan's measure entry needs. The plan is loaded after the app is made, so a measure declares the
# groups its entry can have; a view still answers 404 for what the loaded plan lacks.
REGISTER = "register"  # item_kinds: the items, hand-in and review, attachments, hand-ins, the board, the workbook
FILING = "filing"  # a kind with on_approve = "extend_time_limit": the office files the approved extension
LISTS = "lists"  # lists: the office picks the period's items for the board
DRAWS = "draws"  # draws: the random draws
PAGES: dict[str, tuple[tuple[str, Any, tuple[str, ...]], ...]] = {
    REGISTER: (
        ("/items", items, ("GET",)),
        ("/items/new/<kind_code>", new_item_page, ("GET", "POST")),
        ("/items/<int:item_id>", item_detail, ("GET",)),
        ("/items/<int:item_id>/edit", edit_item, ("GET", "POST")),
        ("/items/<int:item_id>/delete", delete_item, ("POST",)),
        ("/items/<int:item_id>/move", move_item, ("POST",)),
        ("/items/<int:item_id>/attachments", upload, ("POST",)),
        ("/attachments/<int:attachment_id>", download, ("GET",)),
        ("/attachments/<int:attachment_id>/delete", delete_attachment, ("POST",)),
        ("/items/<int:item_id>/comments", comment, ("POST",)),
        ("/compliance", compliance_page, ("GET",)),
        ("/board", board_page, ("GET",)),
        ("/summary.xlsx", summary, ("GET",)),
    ),
    FILING: (("/items/<int:item_id>/filed", mark_filed, ("POST",)),),
    LISTS: (
        ("/lists/<list_code>", list_page, ("GET",)),
        ("/lists/<list_code>/<period>/add", list_add, ("POST",)),
        ("/lists/<list_code>/<period>/remove/<int:selection_id>", list_remove, ("POST",)),
        ("/lists/<list_code>/<period>/publish", list_publish, ("POST",)),
    ),
    DRAWS: (
        ("/draws", draws_page, ("GET",)),
        ("/draws/run/<draw_code>", run_draw, ("POST",)),
        ("/draws/<int:draw_id>", draw_detail, ("GET",)),
    ),
}


def add_register_pages(bp: Blueprint, pages: tuple[str, ...]) -> None:
    """Give a measure's blueprint the register pages of the groups it declares (same URLs and endpoints for all)."""
    for group in pages:
        for rule, view, methods in PAGES.get(group, ()):
            bp.add_url_rule(rule, view_func=view, methods=list(methods))


def pages_of(spec: MeasureSpec) -> set[str]:
    """The groups of register pages a plan's measure entry needs (its blueprint must declare them)."""
    needed = set()
    if has_register(spec):
        needed.add(REGISTER)
    if any(k.on_approve == "extend_time_limit" for k in spec.item_kinds):
        needed.add(FILING)
    if spec.lists:
        needed.add(LISTS)
    if spec.draws:
        needed.add(DRAWS)
    return needed


LIST_FILTERS = ("period", "kind", "status", "department", "author", "page")


def _back_filters() -> str:
    """The item list's filters an item page was opened from (``back``), kept to the list's own keys, so the item's
    way back (and its forms' redirects) return to the same filtered list; never a place of the sender's choosing."""
    return list_filters(parse_qsl(request.args.get("back", ""), keep_blank_values=False))


def list_filters(pairs: Any) -> str:
    """The item list's own filters of (key, value) pairs, as a query string (bounded values, no other key)."""
    return urlencode([(k, v[:40]) for k, v in pairs if k in LIST_FILTERS and v])


def _recompute_after_change(court_id: int) -> None:
    """Case data changed (an approved extension): the figures follow by a recompute job; with the queue down,
    the nightly recompute catches up and the user is told."""
    try:
        start_recompute(court_id, current_user._get_current_object())
        flash(_("The case's time limit changed; the figures are being recomputed."), "success")
    except QueueUnavailable:
        flash(_("The case's time limit changed; the figures will follow at the nightly recompute (the job queue "
                "is not reachable now)."), "error")


def _int(value: Any) -> int | None:
    """A hidden field's number (an item id, a version); None when it is not one an Integer column holds."""
    try:
        return db_int(value)
    except (TypeError, ValueError):
        return None


def _case_checked(form: Any, kind: ItemKindSpec, department: Department, author: User) -> bool:
    """The case the form names checked against the case register; each problem shown on its field."""
    problems = check_case(department, author, kind, form.data, form.data.get(MISSING_REASON))
    for name, message in problems.items():
        form[name].errors = [*form[name].errors, message]
    return not problems


def _form_values(kind: ItemKindSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as the form's fields expect them (dates as dates)."""
    data = dict(values)
    for field in kind.fields:
        if field.type == "date" and isinstance(data.get(field.code), str) and data[field.code]:
            data[field.code] = date.fromisoformat(data[field.code])
    return data


def _visible_items(reg: Register) -> Select:
    """The register's items the signed-in user may see (policy.visible_items)."""
    return select(RegisterItem).where(RegisterItem.campaign_id == reg.campaign.id,
                                      RegisterItem.measure_code == reg.code, visible_items())


def _form_page(reg: Register, form: Any, kind: ItemKindSpec, item: RegisterItem | None) -> tuple[str, int]:
    """The item form, with 422 when it came back with errors (htmx swaps 422 responses in place)."""
    page = render_template("register/item_form.html", **reg.context(form=form, kind=kind, item=item,
                                                                     fields=kind_fields(form, kind)))
    return page, 422 if form.is_submitted() else 200


def _item_context(reg: Register, item: RegisterItem) -> dict[str, Any]:
    kind = reg.kind(item.kind)
    moves = allowed_moves(item, kind, current_user)
    past_deadline = "submit" in moves and today() > _deadline(reg, item)
    back = _back_filters()
    return reg.context(item=item, kind=kind, moves=moves, may_edit=may_edit_item(item, kind.handed_in_by),
                       back=back or None, back_url=url_for(f"{reg.code}.items") + (f"?{back}" if back else ""),
                       may_file=may_file(item, kind.on_approve) and not item.filed_with_higher_court
                       and f"{reg.code}.mark_filed" in current_app.view_functions,  # its blueprint declares FILING
                       may_score=may_score_item(item, reg.scored(item)),
                       past_deadline=past_deadline, deadline=_deadline(reg, item),
                       move_form=MoveForm(), comment_form=CommentForm(), upload_form=UploadForm(),
                       history=_history(item))


def _deadline(reg: Register, item: RegisterItem) -> date:
    return item_deadline(reg.campaign, item)


def _history(item: RegisterItem) -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "register_item", AuditEntry.object_id == str(item.id))
        .order_by(AuditEntry.id)
    ))


def _list_entry(reg: Register, list_code: str) -> ListSpec:
    try:
        return selections.list_spec(reg.spec, list_code)
    except RegisterError:
        abort(404)


def _list_context(reg: Register, list_code: str, period: str | None) -> dict[str, Any]:
    entry = _list_entry(reg, list_code)
    periods = [p for p in reversed(periods_of(reg.campaign, entry.period)) if p.start <= today()] or \
        list(reversed(periods_of(reg.campaign, entry.period)))
    keys = [p.key for p in periods]
    period = period if period in keys else keys[0]
    chosen = selections.selections_of(reg.campaign, list_code, period)
    form = SelectForm()
    form.showcases.choices = [(s.code, s.name) for s in entry.showcases]
    return reg.context(entry=entry, periods=periods, period=period, chosen=chosen,
                       published=any(s.published_at for s in chosen), size=reg.spec.court_quota(list_code),
                       candidates=selections.candidates(reg.campaign, reg.spec, entry, period),
                       select_form=form, period_form=PeriodForm(), kinds={k.code: k for k in reg.spec.item_kinds})


def _list_action(reg: Register, list_code: str, period: str, action: Any) -> Response | tuple[str, int]:
    try:
        action()
    except RegisterError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("register/list.html", **_list_context(reg, list_code, period)), 422
    return redirect(url_for(f"{reg.code}.list_page", list_code=list_code, period=period))


def _draws_context(reg: Register) -> dict[str, Any]:
    day = today()
    periods = {entry.code: [p for p in reversed(periods_of(reg.campaign, entry.period)) if p.start <= day]
               for entry in reg.spec.draws}
    made = draws.draws_of(reg.campaign, reg.spec)
    items = {i.id: i for i in db.session.scalars(
        select(RegisterItem).where(RegisterItem.id.in_([i for d in made for i in d.item_ids])))}
    return reg.context(periods=periods, made=made, items=items, period_form=PeriodForm())


def _chosen_labels(result: Draw) -> list[str]:
    """What a draw picked, as people read it: case numbers (items are drawn by id)."""
    items = {i.id: i for i in db.session.scalars(select(RegisterItem).where(RegisterItem.id.in_(result.item_ids)))}
    return [items[i].case_number or str(i) for i in result.item_ids if i in items]

