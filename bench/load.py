"""A small HTTP load generator (standard library only): signed-in clients browsing the app in threads.

Each client signs in as one of the given users and, until the time is up, opens the pages a person of that role
opens — dashboard, a period filter, measure pages, the case list with a search, the console or the ledger — and
now and then hands in a draft. Every response is timed per page; any status ≥ 400 is an error.
"""

from __future__ import annotations

import http.client
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')
PAGES = {
    "dashboard": "/",
    "dashboard filter (HTMX)": "/?period=2021-05",
    "measure page": "/measures/document-review/items",
    "compliance matrix": "/measures/document-review/compliance",
    "case list search": "/cases/?q=%E6%B0%91%E5%88%9D",
    "ledger": "/measures/long-pending-cases/ledger",
    "board": "/measures/document-review/board",
}


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, status: int, url: str) -> None:
        with self.lock:
            self.times[page].append(seconds)
            if status >= 400:
                self.errors.append(f"{status} {url}")

    def table(self) -> list[tuple[str, int, float, float]]:
        """(page, requests, median ms, p95 ms)."""
        rows = []
        for page, values in sorted(self.times.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
            rows.append((page, len(values), statistics.median(values) * 1000, p95 * 1000))
        return rows


class Client:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, str, float]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        data = None
        if body is not None:
            data = urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        if match := CSRF.search(text):
            self.token = next(g for g in match.groups() if g)
        return response.status, text, elapsed

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/auth/login")
        status, _text, _ = self.request("POST", "/auth/login", {"username": username, "password": password,
                                                                 "csrf_token": self.token})
        if status != 302:
            raise RuntimeError(f"sign-in of {username} failed: {status}")
        self.request("GET", "/")


def run(base: str, users: list[str], password: str, seconds: float, concurrency: int,
        pages: dict[str, str] | None = None, hand_ins: bool = True, seed: int = 1,
        think: tuple[float, float] | None = None) -> tuple[Stats, int]:
    """``concurrency`` clients for ``seconds``; returns the stats and the number of requests made.

    ``think``: each client pauses a random time in this range (seconds) between pages, as a person reading
    does (locust's ``wait_time = between(a, b)``); None sends the next request at once (saturation).
    """
    pages = pages or PAGES
    stats = Stats()
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)  # noqa: S311 - which page next, not a secret
    assigned = [users[i % len(users)] for i in range(concurrency)]

    def browse(username: str, local_seed: int) -> None:
        local = random.Random(local_seed)  # noqa: S311 - which page next, not a secret
        client = Client(base)
        client.sign_in(username, password)
        names = list(pages)
        while time.monotonic() < deadline:
            if think:
                time.sleep(local.uniform(*think))
            if hand_ins and local.random() < 0.03 and username.endswith(".staff"):
                # A judge of the liaison's division, picked from the form's list; a case the data lacks, with why.
                new = "/measures/document-review/items/new/excellent_document"
                _status, form, _elapsed = client.request("GET", new)
                choices = form.split('name="judge"', 1)[-1].split("</select>")[0]
                judges = re.findall(r'<option value="([^"]+)">', choices)
                status, _text, elapsed = client.request(
                    "POST", new,
                    {"csrf_token": client.token, "period": "2021-12", "case_number": "（2021）豫0823民初999999号",
                     "judge": judges[0] if judges else "", "reasons": "负载测试",
                     "case_missing_reason": "负载测试：案件数据尚未导入"})
                stats.add("hand in a draft", elapsed, 0 if status == 302 else status, "hand-in")
                continue
            name = local.choice(names)
            headers = {"HX-Request": "true"} if "HTMX" in name else None
            status, _text, elapsed = client.request("GET", pages[name], headers=headers)
            stats.add(name, elapsed, status, pages[name])

    threads = [threading.Thread(target=browse, args=(name, rng.randint(0, 10**9))) for name in assigned]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, sum(len(v) for v in stats.times.values())
