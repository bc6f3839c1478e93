"""The planner app in a real browser: Debian's headless Chromium, driven by Selenium.

The app runs as the real program (`python -m optimizer app scenarios/pati-2025.toml`); every
expected figure comes from `python -m optimizer solve` (or `validate`) on the same edit written
into a copy of the file. Skipped without Chromium locally, a failure when CI is set; a
screenshot of the page is saved when it fails. With UCJ_APP_SCREENSHOT=docs/app.png it also
saves the README's screenshot.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from optimizer import i18n
from tests.app_browser import browser_available, chromium, field_of, running_app, shown, type_into

PATI = "scenarios/pati-2025.toml"
LOWER_APBD = 4_250_000_000


def _need_browser() -> None:
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium/chromedriver are missing: .ci/run installs them")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")


def _pati_with_apbd_budget(tmp_path: Path, budget: str) -> Path:
    """A copy of Pati with the APBD line's budget replaced by `budget` (TOML text)."""
    text = Path(PATI).read_text(encoding="utf-8")
    edited, n = re.subn(
        r'(id = "apbd"\n(?:[^\[]*?\n)?budget = )6_000_000_000', lambda m: m.group(1) + budget, text
    )
    assert n == 1
    path = tmp_path / "pati-edited.toml"
    path.write_text(edited, encoding="utf-8")
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "optimizer", *args], capture_output=True, text=True)


def _wait_for_file(folder: Path, suffix: str, timeout: float = 60.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file was downloaded to {folder}")


def test_budget_change_error_and_plan_download_in_headless_chromium(tmp_path):
    _need_browser()
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    expected = json.loads(
        _cli("solve", str(_pati_with_apbd_budget(tmp_path, str(LOWER_APBD))), "--format", "json").stdout
    )
    bad = _cli("validate", str(_pati_with_apbd_budget(tmp_path, '"abc"')))
    assert bad.returncode == 2
    cli_error = bad.stderr.strip().removeprefix("Error: ")
    downloads = tmp_path / "downloads"
    with running_app(PATI) as url, chromium(tmp_path / "profile", downloads) as driver:
        try:
            driver.get(url)
            before = float(shown(driver, "coverage.rate_after"))
            budget = field_of(driver, "source", "apbd", "budget")
            assert budget.get_attribute("value") == "6000000000"

            type_into(driver, budget, str(LOWER_APBD))
            assert float(shown(driver, "coverage.rate_after")) == pytest.approx(
                expected["coverage"]["rate_after"]
            )
            assert float(shown(driver, "coverage.rate_after")) < before
            assert int(shown(driver, "total_cost")) == expected["total_cost"]
            assert int(shown(driver, "coverage.new_persons")) == expected["coverage"]["new_persons"]
            assert shown(driver, "status") == expected["status"] == "target-unreachable"
            if os.environ.get("UCJ_APP_SCREENSHOT"):
                driver.save_screenshot(os.environ["UCJ_APP_SCREENSHOT"])

            type_into(driver, budget, "abc")
            error = driver.find_element(
                By.CSS_SELECTOR, f'[data-error-for="{budget.get_attribute("data-field")}"]'
            )
            # The CLI names its copy of the file; everything after the file name is the same line.
            assert error.text == f"{PATI}: {cli_error.split(': ', 1)[1]}"
            assert "\n" not in error.text and "Traceback" not in driver.page_source
            assert driver.find_element(By.ID, "problem").text == error.text

            type_into(driver, budget, str(LOWER_APBD))
            assert not error.text
            driver.find_element(By.ID, "dl-plan").click()
            workbook = load_workbook(_wait_for_file(downloads, ".xlsx"), read_only=True)
            figures = workbook[i18n.t("sheet.figures", "en")]  # the plan's figures (sheet 1 is the narrative)
            summary = {row[0]: row[1] for row in figures.iter_rows(values_only=True) if row}
            workbook.close()
            assert summary[i18n.t("Total cost", "en")] == expected["total_cost"]
        except BaseException:
            shot = tmp_path / "app-failure.png"
            driver.save_screenshot(str(shot))
            print(f"screenshot of the failing page: {shot}")
            raise
