"""Measure 13: enforcement quality — the 终本 review register and the others (the shared register), and the
enforcement figures with the case-to-auction ratio."""

from flask_babel import gettext as _

from app.blueprints.enforcement_quality import bp
from app.blueprints.indicators.scopes import requested_period
from app.blueprints.measures import measure_for
from app.blueprints.measures.figures import (
    Section,
    figures_page,
    percent,
    review_sections,
    visible_department_figures,
)
from app.indicators.measure_figures import auction_ratio
from app.policy import require

CODES = ("enforcement_closure", "termination_quality", "enforcement_within_limit", "restored_recovery")


@bp.get("/figures")
@require("measure.view")
def figures() -> str:
    measure = measure_for(bp.name)
    period = requested_period(measure.campaign)
    ratio = auction_ratio(measure.campaign, period)
    auctions = Section(_("Case-to-auction ratio"), [_("Online auctions recorded"), _("Enforcement cases closed"),
                                                    _("Ratio")],
                       [[f"{ratio.numerator:g}", f"{ratio.denominator:g}", percent(ratio.value)]],
                       note=_("Property disposals by online auction in the register ÷ enforcement cases closed."))
    indicators = [i for i in measure.campaign.indicators if i.code in CODES]
    by_department = Section(_("By department"), [_("Department"), *(i.name for i in indicators)])
    for department, values in visible_department_figures(measure, period, list(CODES)):
        by_department.rows.append([department.name, *(percent(values[i.code].value) if i.code in values else "—"
                                                      for i in indicators)])
    return figures_page(measure, period, [auctions, by_department, *review_sections(measure, period)],
                        f"{bp.name}.figures")
