"""Benchmark: the practice page's first load in headless Chromium (Debian's chromium and
chromium-driver) against the app served as the Procfile serves it, on PostgreSQL.

Each load is in a fresh browser profile (nothing cached): bytes transferred (the document
and every script, style and API response it fetched), requests, and time to interactive
(navigation start until the page has drawn its first view and wired its controls, the
`interactive` performance mark). Once signed out (the sign-in view) and once signed in
(a reload that refreshes the session and draws the history, statistics and trend).

Run: `python -m bench.page` (needs PostgreSQL and Redis; see bench/README.md).
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bench.common import fresh_state, production_env, serve
from tests.chromium import chromium

REDIS_URL = "redis://127.0.0.1:6379/14"
LOADS = 7
MAX_BYTES = 300 * 1024
MAX_INTERACTIVE_MS = 1000.0
PASSWORD = "correct horse battery"

# Everything the page fetched, as the browser counted it (transferSize: headers + body).
MEASURE = """
const nav = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const mark = performance.getEntriesByName('interactive')[0];
return {
  bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
  requests: 1 + resources.length,
  interactive: mark ? mark.startTime : null,
};
"""


@dataclass(frozen=True)
class Load:
    """One measured page load."""

    bytes: int
    requests: int
    interactive_ms: float


def _measured(browser: webdriver.Chrome) -> Load:
    WebDriverWait(browser, 30).until(
        lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
    )
    found = browser.execute_script(MEASURE)
    return Load(int(found["bytes"]), int(found["requests"]), float(found["interactive"]))


def _first_load(base: str) -> Load:
    with tempfile.TemporaryDirectory() as profile:
        browser = chromium(Path(profile))
        try:
            browser.get(base)
            return _measured(browser)
        finally:
            browser.quit()


def _signed_in_load(base: str, email: str) -> Load:
    """Log in through the page, then load it again in a fresh tab state (nothing cached)."""
    with tempfile.TemporaryDirectory() as profile:
        browser = chromium(Path(profile))
        try:
            browser.get(base)
            _measured(browser)
            browser.find_element(By.ID, "login-email").send_keys(email)
            browser.find_element(By.ID, "login-password").send_keys(PASSWORD)
            browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
            WebDriverWait(browser, 30).until(
                lambda b: b.find_element(By.ID, "view-home").is_displayed()
            )
            browser.execute_cdp_cmd("Network.clearBrowserCache", {})
            browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            browser.refresh()
            WebDriverWait(browser, 30).until(
                lambda b: b.find_elements(By.CSS_SELECTOR, "#interview-list li")
            )
            return _measured(browser)
        finally:
            browser.quit()


def _seed(base: str) -> str:
    """A user with one interview, so the signed-in page has something to draw."""
    email = "page-bench@example.com"
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post(
            "/api/auth/register", json={"name": "Page Bench", "email": email, "password": PASSWORD}
        )
        response.raise_for_status()
        token = response.json()["accessToken"]
        client.post(
            "/api/interviews",
            headers={"Authorization": f"Bearer {token}"},
            json={"jobTitle": "Engineer", "skills": ["python"], "difficulty": "easy"},
        ).raise_for_status()
    return email


def _row(name: str, loads: list[Load]) -> None:
    kib = max(load.bytes for load in loads) / 1024
    requests = max(load.requests for load in loads)
    times = sorted(load.interactive_ms for load in loads)
    median, worst = statistics.median(times), times[-1]
    verdict = "ok" if kib * 1024 < MAX_BYTES and worst < MAX_INTERACTIVE_MS else "MISSED"
    print(
        f"{name:<34} {kib:>8.1f} {requests:>9} {median:>11.0f} {worst:>9.0f}  "
        f"< 300 KB, < 1000 ms: {verdict}"
    )


def main() -> None:
    """Load the page LOADS times each way and print the table."""
    fresh_state(REDIS_URL)
    with serve(production_env(REDIS_URL, 2, ACCESS_LOG="false")) as base:
        email = _seed(base)
        _first_load(base)  # warm-up: the server's first requests, Chromium's first start
        signed_out = [_first_load(base) for _ in range(LOADS)]
        signed_in = [_signed_in_load(base, email) for _ in range(LOADS)]
    header = (
        f"{'first load (fresh profile)':<34} {'KB (max)':>8} {'requests':>9} "
        f"{'TTI p50 ms':>11} {'TTI max':>9}  target"
    )
    print(header)
    print("-" * len(header))
    _row("signed out: sign-in view", signed_out)
    _row("signed in: history, stats, trend", signed_in)


if __name__ == "__main__":
    main()
