"""Every route × every role, generated from the URL map: the anonymous visitor reaches nothing but the sign-in
page, and each route guarded by a policy action refuses (403) exactly the roles the rule leaves out."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.routing import IntegerConverter, Rule

from app.models import Role
from app.policy import RULES
from tests.helpers import PLAN_FILE, sign_in

OPEN_TO_ANYONE = {"static", "auth.login", "errors.not_found", "main.healthz"}  # healthz: says "ok", nothing else


def _url(rule: Rule) -> str:
    values = {name: (1 if isinstance(rule._converters[name], IntegerConverter) else "x")
              for name in rule.arguments}
    return rule.rule if not values else _build(rule, values)


def _build(rule: Rule, values: dict) -> str:
    url = rule.rule
    for name, value in values.items():
        url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return url


def test_the_anonymous_visitor_is_sent_to_sign_in_everywhere(app, client, plan):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_TO_ANYONE or rule.endpoint.startswith("static"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule), method=method)
            # A POST without a CSRF token is refused before anything else (400); otherwise: to the sign-in page.
            assert response.status_code in (302, 400, 401), (rule.rule, method, response.status_code)
            if response.status_code == 302:
                assert "/auth/login" in response.headers["Location"], (rule.rule, method)


@pytest.mark.parametrize("role", list(Role))
def test_each_guarded_page_refuses_exactly_the_roles_its_rule_leaves_out(app, client, make_user, role):
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    department = {Role.OFFICE: "trial-management", Role.LEADER: "leadership", Role.COMMITTEE: "committee",
                  Role.SUPERVISION: "supervision", Role.ADMIN: "trial-management"}.get(role, "civil")
    make_user("someone", role, department=department)
    sign_in(client, "someone")
    checked = 0
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        action = getattr(view, "required_action", None)
        if action is None or rule.arguments or "GET" not in rule.methods:
            continue
        response = client.get(rule.rule)
        allowed = role in RULES[action]
        if allowed:
            assert response.status_code != 403, (rule.rule, role)
            assert response.status_code < 500, (rule.rule, role, response.status_code)
        else:
            assert response.status_code == 403, (rule.rule, role, response.status_code)
        checked += 1
    assert checked > 40


@pytest.mark.parametrize("role", [Role.OFFICE, Role.ADMIN])
def test_every_state_changing_route_refuses_a_request_without_its_csrf_token(app, client, make_user, role):
    """Signed in with every right a POST could need, a request without the token is refused (400) on every route
    that changes something: no route is exempt from the check (and no audit entry is written)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import AuditEntry

    make_user("someone", role, department="trial-management")
    sign_in(client, "someone")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    checked = 0
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            if rule.endpoint == "auth.login":
                continue  # its form carries the token too; refusing it is tested in test_auth
            response = client.open(_url(rule), method=method, headers={"HX-Request": "true"})
            assert response.status_code == 400, (rule.rule, method, response.status_code)
            checked += 1
    assert checked > 40
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_measure_gets_only_the_register_pages_its_plan_entry_has(app):
    """A measure without draws (two-way review: no register at all; long-pending cases: a register, no draws) has
    no draw route; one with draws has them."""
    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert "document_review.draws_page" in rules and "document_review.run_draw" in rules
    for code in ("two_way_review", "long_pending_cases"):
        assert not {f"{code}.draws_page", f"{code}.run_draw", f"{code}.draw_detail"} & rules
    assert "two_way_review.items" not in rules and "two_way_review.reversal_files" in rules


def test_every_page_the_shipped_plan_gives_a_measure_is_declared_by_its_blueprint(app):
    import tomllib

    from app.blueprints.measures.register import PAGES, pages_of
    from app.plans.schema import MeasureSpec

    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    plan = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    for entry in plan["measures"]:
        spec = MeasureSpec.model_validate(entry)
        for group in pages_of(spec):
            for _rule, view, _methods in PAGES[group]:
                assert f"{spec.code}.{view.__name__}" in rules, (spec.code, group)
        assert (f"{spec.code}.reversal_files" in rules) == (spec.reversal_view is not None), spec.code
