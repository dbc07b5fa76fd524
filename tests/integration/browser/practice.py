"""Steps of a practice session on the page, as a candidate takes them in the browser."""

from __future__ import annotations

import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import Select, WebDriverWait

# Two sentences with a long pause between them (the transcript must mark it).
ANSWER = (
    "In my last project I led the move of our billing service to PostgreSQL.",
    "I measured the slow queries first, added two indexes, and we cut the p95 latency in half.",
)
PAUSE_SECONDS = 2.6
# Past the pause, into the second sentence; Chromium loops the file while the page records.
RECORD_SECONDS = 12
PROCESSING_SECONDS = 120


def wait_visible(browser: webdriver.Chrome, selector: str, seconds: float = 30) -> WebElement:
    return WebDriverWait(browser, seconds).until(
        shown.visibility_of_element_located((By.CSS_SELECTOR, selector))
    )


def fill(browser: webdriver.Chrome, field_id: str, text: str) -> None:
    field = browser.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def record_and_upload(browser: webdriver.Chrome) -> None:
    """Record RECORD_SECONDS of the fake microphone, watching the meter and timer, and upload."""
    toggle = browser.find_element(By.ID, "rec-toggle")
    toggle.click()
    WebDriverWait(browser, 10).until(lambda b: toggle.text == "Stop recording")
    meter = browser.find_element(By.ID, "rec-level")
    levels = []
    deadline = time.monotonic() + RECORD_SECONDS
    while time.monotonic() < deadline:
        levels.append(float(meter.get_attribute("value") or 0))
        time.sleep(0.25)
    timer = browser.find_element(By.ID, "rec-timer").text
    toggle.click()
    wait_visible(browser, "#take-upload").click()
    WebDriverWait(browser, 20).until(lambda b: not b.find_element(By.ID, "take").is_displayed())
    assert max(levels) > 0.05, "the level meter did not move while the microphone was speaking"
    assert _seconds(timer) >= RECORD_SECONDS - 1, f"the timer showed {timer}"


def attempts_done(browser: webdriver.Chrome, count: int) -> list[WebElement]:
    def done(b: webdriver.Chrome) -> list[WebElement] | bool:
        blocks = b.find_elements(By.CSS_SELECTOR, "section.attempt")
        failed = [x for x in blocks if x.get_attribute("data-status") == "failed"]
        assert not failed, failed[0].text
        ready = [x for x in blocks if x.get_attribute("data-status") == "done"]
        return ready if len(ready) == count else False

    return WebDriverWait(browser, PROCESSING_SECONDS).until(done)


def sign_up(browser: webdriver.Chrome, name: str, email: str) -> None:
    """Create an account with the form and wait for the home view."""
    wait_visible(browser, "#register-form")
    fill(browser, "register-name", name)
    fill(browser, "register-email", email)
    fill(browser, "register-password", "correct horse battery")
    browser.find_element(By.CSS_SELECTOR, "#register-form button[type=submit]").click()
    wait_visible(browser, "#start-form")


def start_interview(browser: webdriver.Chrome, questions: int) -> WebElement:
    """Start an interview from the form; the question heading once it shows a question."""
    fill(browser, "start-job", "Backend engineer")
    fill(browser, "start-skills", "Python, PostgreSQL")
    Select(browser.find_element(By.ID, "start-difficulty")).select_by_value("medium")
    fill(browser, "start-count", str(questions))
    browser.find_element(By.CSS_SELECTOR, "#start-form button[type=submit]").click()
    question = wait_visible(browser, "#q-text")
    WebDriverWait(browser, 10).until(lambda b: question.text)
    return question
