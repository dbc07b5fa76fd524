"""A whole practice session in headless Chromium: the microphone is a generated spoken answer,
the pipeline is a real Dramatiq worker with faster-whisper, the page is the one served at `/`."""

from __future__ import annotations

import time
from pathlib import Path

from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.browser.conftest import screenshot
from tests.integration.browser.practice import (
    PROCESSING_SECONDS,
    attempts_done,
    record_and_upload,
    sign_up,
    start_interview,
    wait_visible,
)

NAME = "Zoë Łukasz 李"


def test_a_candidate_practises_an_interview_in_the_browser(
    served: str, pipeline_worker: None, practising: tuple[webdriver.Chrome, Path]
) -> None:
    browser, downloads = practising
    browser.get(served)
    sign_up(browser, NAME, "zoe@example.com")
    assert browser.find_element(By.ID, "whoami").text == NAME
    screenshot(browser, "practice-01-signed-up")

    question = start_interview(browser, questions=2)
    first_question = question.text
    screenshot(browser, "practice-02-question")

    # Record and upload the first answer; it reaches done while the page follows the stream.
    record_and_upload(browser)
    live = browser.find_element(By.ID, "iv-title")
    WebDriverWait(browser, 20).until(lambda b: live.get_attribute("data-live") == "stream")
    screenshot(browser, "practice-03-processing", at="#attempts")
    (first,) = attempts_done(browser, 1)
    assert live.get_attribute("data-live") == "stream"
    transcript = first.find_element(By.CSS_SELECTOR, ".transcript").text.lower()
    assert "billing" in transcript or "postgres" in transcript, transcript
    assert len(first.find_elements(By.CSS_SELECTOR, ".score b")) == 4
    facts = [dt.text for dt in first.find_elements(By.CSS_SELECTOR, ".facts dt")]
    assert facts[:4] == ["Pace", "Speaking time", "Filler words", "Long pauses"]
    assert "[object" not in first.text
    # The silence between the two sentences is marked where it happened.
    (pause,) = first.find_elements(By.CSS_SELECTOR, ".transcript .pause")
    assert pause.text.startswith("pause 2.")
    screenshot(browser, "practice-04-feedback", at="section.attempt")

    # The recording plays (from a key point's second when one was made), from its signed link.
    audio = first.find_element(By.CSS_SELECTOR, "audio")
    play = first.find_elements(By.CSS_SELECTOR, ".points button")
    if play:
        play[0].click()
    else:
        browser.execute_script("arguments[0].play()", audio)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return arguments[0].currentTime > 0", audio)
    )
    browser.execute_script("arguments[0].pause()", audio)

    # Retry the question and compare the attempts.
    record_and_upload(browser)
    attempts_done(browser, 2)
    table = wait_visible(browser, "#comparison table")
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
    screenshot(browser, "practice-05-attempts-compared", at="#comparison")

    # The second question.
    browser.find_element(By.ID, "q-next").click()
    WebDriverWait(browser, 10).until(lambda b: question.text and question.text != first_question)
    record_and_upload(browser)
    attempts_done(browser, 1)
    screenshot(browser, "practice-06-second-answer", at="section.attempt")

    # Complete, and the result appears by itself.
    browser.find_element(By.ID, "iv-complete").click()
    overall = wait_visible(browser, "#res-body .overall", PROCESSING_SECONDS).text
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
    wait_visible(browser, "#trend-chart svg")
    items = browser.find_elements(By.CSS_SELECTOR, "#interview-list li")
    assert len(items) == 1
    assert "completed" in items[0].text
    assert browser.find_elements(By.CSS_SELECTOR, "#trend-chart svg circle")
    screenshot(browser, "practice-08-history", at="#trend")

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
