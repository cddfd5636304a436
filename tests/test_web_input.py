"""What a request may carry and what it gets back: redirects only to this site, numbers no row can have, a reload of
a refused form, no caching of signed-in pages, attachment names that read as they are stored, ids never reused."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ItemAttachment, Role
from app.web import safe_path
from tests.helpers import DOCS, PASSWORD, PDF, attach, csrf_token, document, post, sign_in

HUGE = "99999999999999999999"


def staff(app, client, make_user) -> None:
    """The civil division's liaison signed in, in May 2021 (its documents are open for hand-in)."""
    make_user("civil.staff", Role.STAFF)
    make_user("civil.judge", Role.JUDGE)  # the judge the documents name
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    sign_in(client, "civil.staff")

# Each is read by a browser as another site, or cannot go into a Location header at all.
HOSTILE = ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/x\ny",
           "/\r\nSet-Cookie: a=b", "evil.example", "javascript:alert(1)", "/\x00/evil.example", " //evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_target_is_not_a_safe_path(target):
    assert safe_path(target) is None


def test_a_path_on_this_site_is_kept():
    assert safe_path("/measures/two-way-review/files?period=2021-05") == "/measures/two-way-review/files?period=2021-05"


@pytest.mark.parametrize("target", HOSTILE)
def test_login_falls_back_to_the_landing_page_for_a_hostile_next(client, make_user, target):
    make_user("judge", Role.JUDGE)
    response = client.post("/auth/login", query_string={"next": target},
                           data={"username": "judge", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/work/"  # his landing page (he owes the year's hearings)


def test_login_keeps_a_next_on_this_site(client, make_user):
    make_user("judge", Role.JUDGE)
    response = client.post("/auth/login", query_string={"next": "/cases/?q=借款"},
                           data={"username": "judge", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/cases/?q=%E5%80%9F%E6%AC%BE"  # 借款, as the browser sent it


@pytest.mark.parametrize("target", HOSTILE)
def test_a_reversal_form_falls_back_to_the_home_page_for_a_hostile_back(office_client, target):
    response = post(office_client, "/reversals/package/send", {"back": target})
    assert response.status_code == 302  # a newline gave a 500
    assert response.headers["Location"] == "/"


def test_a_reversal_form_goes_back_to_the_page_it_was_on(office_client):
    response = post(office_client, "/reversals/package/send", {"back": "/measures/two-way-review/files"})
    assert response.headers["Location"] == "/measures/two-way-review/files"


def test_the_page_a_request_came_from_counts_only_when_it_is_on_this_site(app):
    from app.web import referrer_path

    for referrer, expected in (("http://localhost/cases/import?x=1", "/cases/import?x=1"),
                               ("http://evil.example/cases/import", None), ("javascript:alert(1)", None),
                               ("http://localhost//evil.example/", None), ("", None)):
        with app.test_request_context("/tasks/x/retry", method="POST", headers={"Referer": referrer}):
            assert referrer_path() == expected, referrer


# ---------------------------------------------------------------- numbers no row can have


def test_an_id_in_the_path_beyond_an_integer_column_is_not_found(office_client):
    for url in (f"/reports/{HUGE}", f"/reports/{HUGE}.pdf", f"/reversals/{HUGE}", f"{DOCS}/items/{HUGE}",
                f"/cases/imports/{HUGE}", f"/reports/{2**31}"):
        assert office_client.get(url).status_code == 404, url
    assert office_client.get(f"/reports/{2**31 - 1}").status_code == 404  # the largest is looked up, not refused


@pytest.mark.parametrize("url", [
    f"/?department={HUGE}", f"/?judge={HUGE}", f"/cases/?department={HUGE}&page={HUGE}", f"/cases/?page={HUGE}",
    f"{DOCS}/items?department={HUGE}&author={HUGE}&page={HUGE}", f"/audit/?department={HUGE}&page={HUGE}",
    f"/admin/users?department={HUGE}&page={HUGE}", f"/measures/long-pending-cases/ledger?department={HUGE}",
    f"/indicators/summary_procedure_rate?department={HUGE}&judge={HUGE}", "/?department=-99999999999",
])
def test_a_query_number_beyond_an_integer_column_is_ignored(client, make_user, url):
    """Like any other number that names nothing: the page shows as without it (it was a 500 on PostgreSQL)."""
    make_user("office", Role.OFFICE, Role.ADMIN, department="trial-management")
    sign_in(client, "office")
    assert client.get(url).status_code == 200


def test_a_form_number_beyond_an_integer_column_is_refused_not_a_crash(office_client):
    response = post(office_client, "/directory/appoint", {"position": "group_leader", "user_id": HUGE})
    assert response.status_code == 400  # a bad form, like any other number that names no one


# ---------------------------------------------------------------- ids are never handed out again


def test_a_new_item_does_not_take_a_deleted_ones_id_or_history(app, client, make_user):
    staff(app, client, make_user)
    first = document(client, number=1)
    assert post(client, f"{DOCS}/items/{first}/delete").status_code == 302
    second = document(client, number=2)
    assert second != first  # SQLite gave the deleted item's id to the next one
    page = client.get(f"{DOCS}/items/{second}").get_data(as_text=True)
    history = re.search(r'<ol class="history">(.*?)</ol>', page, re.S)[1]
    assert history.count("<li>") == 1 and "删除" not in history


# ---------------------------------------------------------------- reloading a refused form


def test_reloading_a_refused_upload_shows_the_item(app, client, make_user):
    staff(app, client, make_user)
    item_id = document(client)
    assert attach(client, item_id, b"MZ not a pdf", "判决书.pdf").status_code == 422
    reloaded = client.get(f"{DOCS}/items/{item_id}/attachments?back=status%3Ddraft")
    assert reloaded.status_code == 302
    assert reloaded.headers["Location"] == f"{DOCS}/items/{item_id}?back=status%3Ddraft"
    assert client.get(f"{DOCS}/items/{item_id}/move").headers["Location"] == f"{DOCS}/items/{item_id}"
    # The page above a refused removal of a file is no download of that file.
    assert attach(client, item_id).status_code == 302
    with app.app_context():
        attachment_id = db.session.scalar(select(ItemAttachment.id))
    above = client.get(f"{DOCS}/attachments/{attachment_id}/delete")
    assert above.status_code == 302 and above.headers["Location"] == f"{DOCS}/"  # the measure's page
    # A fragment request is not redirected: htmx would swap the page into the fragment's place.
    assert client.get(f"{DOCS}/items/{item_id}/move", headers={"HX-Request": "true"}).status_code == 405


def test_a_get_on_any_post_only_url_goes_to_the_page_above_it(office_client):
    for url, above in (("/reports/5/commentary", "/reports/5"), ("/reversals/7/report", "/reversals/7"),
                       ("/assessment/3/object", "/assessment/3"), ("/reversals/meetings", "/"),
                       (f"{DOCS}/draws/run/monthly", f"{DOCS}/draws"), ("/auth/logout", "/")):
        response = office_client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == above, url


# ---------------------------------------------------------------- caching


def test_nothing_a_signed_in_user_sees_is_cached(app, client, make_user):
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")
    staff(app, client, make_user)
    item_id = document(client)
    assert attach(client, item_id).status_code == 302
    with app.app_context():
        attachment_id = db.session.scalar(select(ItemAttachment.id))
    for url, headers in (("/", {}), ("/cases/", {"HX-Request": "true"}), ("/cases/template.xlsx", {}),
                         (f"{DOCS}/attachments/{attachment_id}", {}), ("/no-such-page", {})):
        response = client.get(url, headers=headers)
        assert response.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/" + re.search(r'/static/([^"]+\.css)', client.get("/").get_data(as_text=True))[1])
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")


# ---------------------------------------------------------------- attachment names


def test_an_attachment_name_is_kept_in_nfkc_form(app, client, make_user):
    staff(app, client, make_user)
    item_id = document(client)
    response = attach(client, item_id, PDF, "判决书Ａ１．ｐｄｆ")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ItemAttachment.original_name)) == "判决书A1.pdf"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069", "\u200e", "\u200f", "\u061c"])
def test_a_bidi_control_in_an_attachment_name_is_refused(control):
    from app.registers.attachments import clean_name
    from app.registers.spec import RegisterError

    with pytest.raises(RegisterError, match=re.escape(f"[U+{ord(control):04X}]")):
        clean_name(f"报告{control}fdp.exe.pdf")


def test_an_upload_whose_name_hides_its_type_is_refused_with_its_name(app, client, make_user):
    staff(app, client, make_user)
    item_id = document(client)
    response = attach(client, item_id, PDF, "报告\u202excod.pdf")  # shows as "报告fdp.docx"
    assert response.status_code == 422
    assert "报告[U+202E]xcod.pdf：文件名不能包含改变文字方向的控制字符" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ItemAttachment.id)) is None
