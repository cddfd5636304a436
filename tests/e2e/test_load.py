"""A short load run in CI (the full one is `make bench`): signed-in clients of several roles browse and hand in
for a few seconds against a live server; no response may be an error."""

from __future__ import annotations

from datetime import date

from app.models import Role
from bench.load import run
from tests.case_files import row, write_csv
from tests.helpers import PASSWORD, import_file


def test_ten_clients_browse_and_hand_in_without_an_error(app, live_server, make_user, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 12, 15)
    assert import_file(app, write_csv(tmp_path / "cases.csv", [row(n) for n in range(1, 200)])).ok
    users = [make_user("office", Role.OFFICE, department="trial-management"),
             make_user("civil.staff", Role.STAFF), make_user("civil.head", Role.DIVISION_HEAD, Role.JUDGE),
             make_user("president", Role.LEADER, department="leadership")]
    assert users
    stats, requests = run(live_server, ["office", "civil.staff", "civil.head", "president"], PASSWORD, seconds=5,
                          concurrency=10)
    assert stats.errors == []
    assert requests > 20 and {"dashboard", "measure page"} <= set(stats.times)
