"""A whole practice session in headless Chromium: the microphone is a generated spoken answer,
the pipeline is a real Dramatiq worker with faster-whisper, the page is the one served at `/`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.audio import speak
from tests.integration.browser.conftest import chromium, screenshot
from tests.integration.pipeline.conftest import start_worker, stop_worker

NAME = "Zoë Łukasz 李"
ANSWER = (
    "In my last project I led the move of our billing service to PostgreSQL. "
    "I measured the slow queries first, added two indexes, and we cut the p95 latency in half."
)
# Long enough for the whole answer once; Chromium loops the file while the page records.
RECORD_SECONDS = 8
PROCESSING_SECONDS = 120


@pytest.fixture
def microphone(tmp_path: Path) -> Path:
    """The spoken answer Chromium's fake microphone plays."""
    return speak(ANSWER, tmp_path / "answer.wav")


@pytest.fixture
def pipeline_worker(tmp_path: Path) -> Iterator[None]:
    """One real worker on every stage queue, as scripts/run starts."""
    process = start_worker(tmp_path / "worker.log")
    try:
        yield
    finally:
        stop_worker(process)


@pytest.fixture
def practising(tmp_path: Path, microphone: Path) -> Iterator[tuple[webdriver.Chrome, Path]]:
    """Chromium with a fake microphone (no permission prompt) and a downloads folder."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chrome = chromium(
        tmp_path / "profile",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={microphone}",
        "--autoplay-policy=no-user-gesture-required",
        downloads=downloads,
    )
    try:
        yield chrome, downloads
    finally:
        chrome.quit()


def _wait(browser: webdriver.Chrome, selector: str, seconds: float = 30) -> WebElement:
    return WebDriverWait(browser, seconds).until(
        shown.visibility_of_element_located((By.CSS_SELECTOR, selector))
    )


def _fill(browser: webdriver.Chrome, field_id: str, text: str) -> None:
    field = browser.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def _record_and_upload(browser: webdriver.Chrome) -> None:
    toggle = browser.find_element(By.ID, "rec-toggle")
    toggle.click()
    WebDriverWait(browser, 10).until(lambda b: toggle.text == "Stop recording")
    time.sleep(1.5)
    level = float(browser.find_element(By.ID, "rec-level").get_attribute("value") or 0)
    time.sleep(RECORD_SECONDS - 1.5)
    timer = browser.find_element(By.ID, "rec-timer").text
    toggle.click()
    _wait(browser, "#take-upload").click()
    WebDriverWait(browser, 20).until(lambda b: not b.find_element(By.ID, "take").is_displayed())
    assert level > 0, "the level meter did not move while the microphone was speaking"
    assert timer >= f"0:0{RECORD_SECONDS - 1}", f"the timer showed {timer}"


def _attempts_done(browser: webdriver.Chrome, count: int) -> list[WebElement]:
    def done(b: webdriver.Chrome) -> list[WebElement] | bool:
        blocks = b.find_elements(By.CSS_SELECTOR, "section.attempt")
        failed = [x for x in blocks if x.get_attribute("data-status") == "failed"]
        assert not failed, failed[0].text
        ready = [x for x in blocks if x.get_attribute("data-status") == "done"]
        return ready if len(ready) == count else False

    return WebDriverWait(browser, PROCESSING_SECONDS).until(done)


def test_a_candidate_practises_an_interview_in_the_browser(
    served: str, pipeline_worker: None, practising: tuple[webdriver.Chrome, Path]
) -> None:
    browser, downloads = practising
    browser.get(served)

    # Sign up.
    _wait(browser, "#register-form")
    _fill(browser, "register-name", NAME)
    _fill(browser, "register-email", "zoe@example.com")
    _fill(browser, "register-password", "correct horse battery")
    browser.find_element(By.CSS_SELECTOR, "#register-form button[type=submit]").click()
    _wait(browser, "#start-form")
    assert browser.find_element(By.ID, "whoami").text == NAME
    screenshot(browser, "practice-01-signed-up")

    # Start an interview of two questions.
    _fill(browser, "start-job", "Backend engineer")
    _fill(browser, "start-skills", "Python, PostgreSQL")
    Select(browser.find_element(By.ID, "start-difficulty")).select_by_value("medium")
    _fill(browser, "start-count", "2")
    browser.find_element(By.CSS_SELECTOR, "#start-form button[type=submit]").click()
    question = _wait(browser, "#q-text")
    WebDriverWait(browser, 10).until(lambda b: question.text)
    first_question = question.text
    screenshot(browser, "practice-02-question")

    # Record and upload the first answer; it reaches done while the page is watching.
    _record_and_upload(browser)
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.ID, "iv-title").get_attribute("data-live") == "stream"
    )
    screenshot(browser, "practice-03-processing")
    (first,) = _attempts_done(browser, 1)
    assert browser.find_element(By.ID, "iv-title").get_attribute("data-live") == "stream"
    transcript = first.find_element(By.CSS_SELECTOR, ".transcript").text.lower()
    assert "billing" in transcript or "postgres" in transcript, transcript
    assert first.find_elements(By.CSS_SELECTOR, ".score b")
    screenshot(browser, "practice-04-feedback")

    # A covered key point plays the recording from its second.
    play = first.find_elements(By.CSS_SELECTOR, ".points button")
    if play:
        play[0].click()
        audio = first.find_element(By.CSS_SELECTOR, "audio")
        WebDriverWait(browser, 10).until(lambda b: audio.get_attribute("src"))

    # Retry the question and compare the attempts.
    _record_and_upload(browser)
    _attempts_done(browser, 2)
    table = _wait(browser, "#comparison table")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["Measure", "Attempt 1", "Attempt 2"]
    rows = {
        row.find_element(By.TAG_NAME, "th").text: [
            td.text for td in row.find_elements(By.TAG_NAME, "td")
        ]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    }
    assert set(rows) >= {"Technical", "Clarity", "Pace (words a minute)"}
    assert all(any(ch.isdigit() for ch in cell) for cell in rows["Technical"]), rows
    screenshot(browser, "practice-05-attempts-compared")

    # The second question.
    browser.find_element(By.ID, "q-next").click()
    WebDriverWait(browser, 10).until(lambda b: question.text and question.text != first_question)
    _record_and_upload(browser)
    _attempts_done(browser, 1)
    screenshot(browser, "practice-06-second-answer")

    # Complete, and the result appears by itself.
    browser.find_element(By.ID, "iv-complete").click()
    overall = _wait(browser, "#res-body .overall", PROCESSING_SECONDS).text
    assert overall.endswith("/ 100"), overall
    assert len(browser.find_elements(By.CSS_SELECTOR, "#res-body section.card")) == 2
    screenshot(browser, "practice-07-result")

    # Download the PDF report.
    browser.find_element(By.ID, "res-pdf").click()
    deadline = time.monotonic() + 30
    while not (pdfs := list(downloads.glob("*.pdf"))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pdfs, "no PDF was downloaded"
    report = "\n".join(page.extract_text() for page in PdfReader(pdfs[0]).pages)
    assert "Backend engineer" in report

    # History with the trend chart.
    browser.find_element(By.ID, "res-home").click()
    _wait(browser, "#trend-chart svg")
    items = browser.find_elements(By.CSS_SELECTOR, "#interview-list li")
    assert len(items) == 1
    assert "completed" in items[0].text
    assert browser.find_elements(By.CSS_SELECTOR, "#trend-chart svg circle")
    screenshot(browser, "practice-08-history")

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
