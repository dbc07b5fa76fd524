"""The API docs page works on a machine without internet: every asset comes from the API."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.browser.conftest import screenshot


def test_the_docs_render_the_operations_with_only_the_local_server(
    served: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{served}/schema")
    WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    operations = browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    paths = {element.get_attribute("data-path") or element.text for element in operations}
    assert "/api/interviews" in {p.replace("\u200b", "") for p in paths}
    assert len(operations) >= 30
    shot = screenshot(browser, "docs-offline")
    assert shot.stat().st_size > 10_000
