"""Recorded moments are stored in UTC and shown on the court's clock (Asia/Shanghai), on pages and in files."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from app import audit
from app.extensions import db
from app.models import Role, User
from app.models.base import recorded_on
from tests.helpers import sign_in


def test_a_moment_after_four_pm_utc_shows_as_the_next_morning_in_beijing(app, client, make_user):
    admin_id = make_user("admin", Role.ADMIN)
    with app.app_context(), recorded_on(date(2021, 3, 5), hour=23):  # 2021-03-05 23:00 UTC = 03-06 07:00 Beijing
        audit.record("user.update", "user", admin_id, summary="清晨的修改", user=db.session.get(User, admin_id))
        db.session.commit()
    sign_in(client, "admin")

    page = client.get("/audit/?action=user.update").get_data(as_text=True)
    assert "2021-03-06 07:00:00" in page and "2021-03-05 23:00" not in page
    # The day filter is in court days too, so the entry is found under the day the page shows.
    assert "清晨的修改" in client.get("/audit/?action=user.update&from=2021-03-06&to=2021-03-06").get_data(as_text=True)

    sheet = load_workbook(io.BytesIO(client.get("/audit/export.xlsx?action=user.update").data)).active
    when = next(row[0] for row in sheet.iter_rows(values_only=True) if "清晨的修改" in row)
    assert (when.date(), when.hour) == (date(2021, 3, 6), 7)
