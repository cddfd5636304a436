"""The year-end standing page: each division's points and rank as if the year ended today, by the assessment's own
code (app/standing.py), with what would gain the most beside each line. A division sees its own; the office and
leaders every division's, filtered by department (an HTMX partial), and as a workbook."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app import assessment, standing
from app.blueprints.standing import bp
from app.campaign import today
from app.extensions import db
from app.models import Campaign, Department
from app.plans.access import plan_of
from app.policy import may_see_standing, require, visible_standings
from app.web import campaign_or_404, int_arg, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response


def _campaign() -> Campaign:
    campaign = campaign_or_404()
    if plan_of(campaign).assessment is None:
        abort(404)  # a plan without a scoring scheme has no standing to show
    return campaign


def _table(campaign: Campaign) -> tuple[standing.Table, list[Department], Department | None]:
    """The standings the user may see, the departments among them to choose from, and the one ?department= names
    (404 for one not theirs to see: another division's standing looks like one that does not exist)."""
    department_id = int_arg("department")
    chosen = db.session.get(Department, department_id) if department_id else None
    if department_id and (chosen is None or not may_see_standing(chosen)):
        abort(404)
    visible = visible_standings()
    table = standing.standings(campaign, today(), {chosen.id} if chosen is not None else visible)
    choices = sorted((d for d in table.ranked if visible is None or d.id in visible), key=lambda d: d.position)
    return table, choices, chosen


@bp.get("/")
@require("standing.view")
def index() -> str:
    campaign = _campaign()
    table, choices, chosen = _table(campaign)
    return render("standing/index.html", "standing/_table.html", campaign=campaign, table=table,
                  departments=choices, chosen=chosen, sees_all=visible_standings() is None,
                  opened=campaign.assessment_opened_at is not None,
                  rule_names={rule.code: rule.name for rule in assessment.scheme(campaign).rules})


@bp.get("/standing.xlsx")
@require("standing.view")
def export() -> Response:
    """The table as people paste it into a report: the ranking, then each line with its points and gains."""
    campaign = _campaign()
    table, _choices, chosen = _table(campaign)
    rules = assessment.scheme(campaign)
    names = {rule.code: rule.name_zh for rule in rules.rules}
    title = Title(campaign.court.name + (chosen.name if chosen else ""), _("Year-end standing"),
                  _("as if the year ended on %(date)s", date=table.as_of.isoformat()), table.cutoff)
    ranking = Sheet(_("Ranking"), [Column(_("Rank"), "integer"), Column(_("Department")), Column(_("Points"), "number"),
                                   Column(_("Most to gain"))],
                    [[row.rank, row.score.department.name, row.score.total,
                      f"{row.best_gain.text}：{row.best_gain.points:+.2f}" if row.best_gain else ""]
                     for row in table.rows], title)
    lines = []
    for row in table.rows:
        for line in row.score.lines:
            counted = line["evidence"][0] if line["code"].startswith("indicator:") else len(line["evidence"])
            lines.append([row.score.department.name, line["name"], line["points"], counted,
                          "；".join(f"{g.text}：{g.points:+.2f}" for g in row.gains_for(line["code"]))])
        for gain in row.other_gains:
            lines.append([row.score.department.name, names.get(gain.line, gain.line), 0, 0,
                          f"{gain.text}：{gain.points:+.2f}"])
    detail = Sheet(_("Lines"), [Column(_("Department")), Column(_("Scoring item")), Column(_("Points"), "number"),
                                Column(_("Counted")), Column(_("What would change the points"))],
                   lines, title)
    return xlsx_response(workbook([ranking, detail]), f"年度考评实时排名-{table.as_of.isoformat()}.xlsx")
