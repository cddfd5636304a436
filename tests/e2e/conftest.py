"""A live server and a real Chromium (Debian's, driven by Playwright; no browser download)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.services import free_port, start_worker

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def is_error(message) -> bool:
    """A console error, but for the browser's note that a response was 422: that is the app refusing an action with
    its reason on the page (a form's errors, a refused move), not a fault."""
    return message.type == "error" and "status of 422" not in message.text


@pytest.fixture
def live_server(app) -> Iterator[str]:
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if is_error(message) else None)
    yield page
    context.close()
    # A CSP violation or a script error in the page is a failure even if the flow looked right.
    assert errors == []


@pytest.fixture
def second_page(browser):
    """Another person at another computer: a browser context of its own, held to the same no-errors rule."""
    contexts, errors = [], []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if is_error(message) else None)
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []


@pytest.fixture
def rq_worker(app, database_url, redis_url):
    """A real `rq worker` process on the test database and Redis, as `make run` starts it."""
    worker = start_worker(database_url, redis_url, "default", "reports")
    yield worker
    worker.terminate()
    worker.wait(timeout=10)
