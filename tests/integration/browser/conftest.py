"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, against the
app served by uvicorn; screenshots are kept under test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.audio import concat, silence, speak
from tests.chromium import chromium
from tests.helpers import ROOT, uvicorn_server
from tests.integration.browser.practice import ANSWER, PAUSE_SECONDS
from tests.integration.pipeline.conftest import start_worker, stop_worker

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn on the test database and Redis; its base URL."""
    with uvicorn_server(tmp_path_factory.mktemp("browser-server") / "uvicorn.log") as base:
        yield base


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium on the local server only."""
    chrome = chromium(tmp_path / "profile")
    try:
        yield chrome
    finally:
        chrome.quit()


def screenshot(browser: webdriver.Chrome, name: str, at: str | None = None) -> Path:
    """Keep a screenshot of the page (scrolled to the element `at`) as a test artefact."""
    if at is not None:
        element = browser.find_element(By.CSS_SELECTOR, at)
        browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


@pytest.fixture
def microphone(tmp_path: Path) -> Path:
    """The spoken answer Chromium's fake microphone plays, after a second of silence."""
    # The recorder starts a moment after the capture; a clipped first word confuses tiny.en.
    lead = silence(tmp_path / "lead.wav", 1.0, rate=22050)
    pause = silence(tmp_path / "pause.wav", PAUSE_SECONDS, rate=22050)
    first, second = (
        speak(sentence, tmp_path / f"sentence-{n}.wav", words_per_minute=140)
        for n, sentence in enumerate(ANSWER)
    )
    return concat([lead, first, pause, second], tmp_path / "answer.wav")


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
