"""The practice page where things are less kind: a phone-sized screen, a keyboard only, and
an API that refuses the event stream (the page polls instead)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import uvicorn_server
from tests.integration.browser.conftest import screenshot
from tests.integration.browser.practice import (
    attempts_done,
    record_and_upload,
    sign_up,
    start_interview,
    wait_visible,
)

PHONE = (390, 844)

# Every form control and button, with no accessible name.
UNLABELLED = """
return [...document.querySelectorAll('input, select, meter, button, audio, a')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.textContent.trim())
  .map((el) => el.outerHTML.slice(0, 120));
"""
OVERFLOW = "return document.documentElement.scrollWidth - window.innerWidth;"


@pytest.fixture
def no_streams(tmp_path: Path) -> Iterator[str]:
    """The app with event streams refused (at most 0 per user): the page must poll."""
    with uvicorn_server(tmp_path / "uvicorn.log", env={"EVENT_STREAMS_PER_USER": "0"}) as base:
        yield base


def _readable_and_labelled(browser: webdriver.Chrome, view: str) -> None:
    assert browser.execute_script(OVERFLOW) <= 0, f"{view}: the page scrolls sideways"
    assert browser.execute_script(UNLABELLED) == [], f"{view}: unlabelled controls"


def test_the_page_is_served_with_a_policy_that_allows_only_itself(served: str) -> None:
    page = httpx.get(served)
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy
    assert f"media-src 'self' blob: {served};" in policy  # recordings' signed links
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    for asset in ("/app/app.js", "/app/app.css"):
        response = httpx.get(f"{served}{asset}")
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == policy
    # The API itself keeps its deny-all policy.
    assert (
        httpx.get(f"{served}/health")
        .headers["content-security-policy"]
        .startswith("default-src 'none'; frame-ancestors")
    )


def test_a_phone_and_a_keyboard_are_enough(served: str, browser: webdriver.Chrome) -> None:
    browser.set_window_size(*PHONE)
    browser.get(served)
    wait_visible(browser, "#register-form")
    assert not browser.find_element(By.ID, "nav").is_displayed()  # nothing to log out of
    _readable_and_labelled(browser, "sign-up")
    screenshot(browser, "phone-01-sign-up")
    keys = ActionChains(browser)

    def tab_to(element_id: str) -> None:
        for _ in range(15):
            if browser.switch_to.active_element.get_attribute("id") == element_id:
                return
            keys.send_keys(Keys.TAB).perform()
        pytest.fail(f"Tab never reached #{element_id}")

    # A wrong password says so, and the message stays.
    tab_to("login-email")
    keys.send_keys("nobody@example.com", Keys.TAB, "wrong password", Keys.ENTER).perform()
    problem = wait_visible(browser, "#problem")
    time.sleep(1)
    assert problem.is_displayed()
    assert "password" in problem.text.lower()

    # Sign up, start an interview and reach the record button with the keyboard alone.
    tab_to("register-name")
    keys.send_keys("Ana Keyboard", Keys.TAB, "ana@example.com", Keys.TAB)
    keys.send_keys("correct horse battery", Keys.ENTER).perform()
    wait_visible(browser, "#start-form")
    assert not browser.find_element(By.ID, "problem").is_displayed()
    _readable_and_labelled(browser, "home")
    screenshot(browser, "phone-02-home")
    tab_to("start-job")
    keys.send_keys("Backend engineer", Keys.TAB, "Python, SQL", Keys.TAB, Keys.TAB)
    keys.send_keys(Keys.BACKSPACE, "1", Keys.ENTER).perform()
    question = wait_visible(browser, "#q-text")
    WebDriverWait(browser, 10).until(lambda b: question.text)
    tab_to("rec-toggle")
    _readable_and_labelled(browser, "interview")
    screenshot(browser, "phone-03-question")


def test_without_the_event_stream_the_page_polls_to_done(
    no_streams: str, pipeline_worker: None, practising: tuple[webdriver.Chrome, Path]
) -> None:
    browser, _ = practising
    browser.get(no_streams)
    sign_up(browser, "Pol Ling", "pol@example.com")
    start_interview(browser, questions=1)
    record_and_upload(browser)
    live = browser.find_element(By.ID, "iv-title")
    WebDriverWait(browser, 20).until(lambda b: live.get_attribute("data-live") == "poll")
    attempts_done(browser, 1)
    assert live.get_attribute("data-live") == "poll"
    screenshot(browser, "polling-done", at="section.attempt")


# The page's own transcript renderer, given a transcript and where the scorer found fillers
# and long pauses (as the API returns them).
RENDER_TRANSCRIPT = """
const done = arguments[arguments.length - 1];
import('/app/feedback.js').then((feedback) => {
  const words = [
    {text: ' So,', start: 0.0, end: 0.3}, {text: ' you', start: 0.4, end: 0.6},
    {text: ' know,', start: 0.6, end: 0.9}, {text: " I'd", start: 1.0, end: 1.2},
    {text: ' like', start: 1.2, end: 1.5}, {text: ' to', start: 1.5, end: 1.6},
    {text: ' um', start: 4.0, end: 4.3}, {text: ' start.', start: 4.4, end: 4.9},
  ];
  const delivery = {
    fillerSpans: [{start: 0.4, end: 0.9, text: 'you know'}, {start: 4.0, end: 4.3, text: 'um'}],
    longPauseSpans: [{start: 1.6, end: 4.0, text: '2.4 s'}],
  };
  const block = feedback.transcriptBlock({text: '', words}, delivery);
  done({
    text: block.textContent,
    marked: [...block.querySelectorAll('mark')].map((m) => m.textContent),
    pauses: [...block.querySelectorAll('.pause')].map((p) => p.textContent),
  });
});
"""


def test_the_transcript_marks_what_the_scorer_counted(
    served: str, browser: webdriver.Chrome
) -> None:
    browser.get(served)
    wait_visible(browser, "#register-form")
    shown = browser.execute_async_script(RENDER_TRANSCRIPT)
    assert shown["marked"] == ["you", "know,", "um"]  # "like" in "I'd like to" is no filler
    assert shown["pauses"] == ["pause 2.4 s"]
    assert shown["text"] == "So, you know, I'd like to pause 2.4 s um start."


# Two attempts as GET .../attempts returns them: the second clearer, with more fillers.
RENDER_COMPARISON = """
const done = arguments[arguments.length - 1];
import('/app/feedback.js').then((feedback) => {
  const change = (measure, previous, current, better, betterWhen) =>
    ({measure, previous, current, delta: current - previous, better, betterWhen});
  const attempts = [
    {answer: {attempt: 1}, changes: []},
    {answer: {attempt: 2}, changes: [
      change('clarityScore', 60, 75, true, 'higher'),
      change('technicalScore', 50, 50, null, 'higher'),
      change('fillersPer100Words', 1.5, 4, false, 'lower'),
    ]},
  ];
  const table = feedback.comparisonTable(attempts);
  done([...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.children].map((cell) => [cell.textContent, cell.className])));
});
"""


def test_attempts_side_by_side_mark_better_and_worse_in_words(
    served: str, browser: webdriver.Chrome
) -> None:
    browser.get(served)
    wait_visible(browser, "#register-form")
    rows = {row[0][0]: row[1:] for row in browser.execute_async_script(RENDER_COMPARISON)}
    assert rows["Clarity"] == [["60", ""], ["75 ▲ better", "better"]]
    assert rows["Technical"] == [["50", ""], ["50", ""]]
    assert rows["Fillers per 100 words"] == [["1.5", ""], ["4 ▼ worse", "worse"]]
    not_measured = "\N{EN DASH}"
    assert rows["Hedges"] == [[not_measured, ""], [not_measured, ""]]  # no verdict either
