"""Machinery for the app's browser tests and benchmark: the real program and headless Chromium.

`running_app` starts `python -m optimizer app SCENARIO --no-browser --port 0` as a subprocess and
reads its address; `chromium` drives Debian's /usr/bin/chromium through /usr/bin/chromedriver
with Selenium (no browser is downloaded: the machine may have no network).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests import headless

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (*headless.FLAGS, "--window-size=1500,1900")


def browser_available() -> bool:
    return all(Path(p).exists() or shutil.which(Path(p).name) for p in (CHROMIUM, CHROMEDRIVER))


@contextlib.contextmanager
def running_app(scenario: str, *args: str, timeout: float = 60.0) -> Iterator[str]:
    """The app's address while `python -m optimizer app SCENARIO` runs; stopped (by its pid) after."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "optimizer", "app", scenario, "--no-browser", "--port", "0", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + timeout
        url = None
        assert proc.stderr is not None
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                raise RuntimeError(f"the app exited with code {proc.returncode}")
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = found.group(0) if found else None
        if url is None:
            raise RuntimeError("the app did not print its address")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


@contextlib.contextmanager
def chromium(profile: Path, downloads: Path) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    downloads.mkdir(parents=True, exist_ok=True)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    # Selenium Manager is not asked for anything: the driver's path is given.
    os.environ.setdefault("SE_AVOID_STATS", "true")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        yield driver
    finally:
        driver.quit()


def field_of(driver, section: str, ident: str, key: str):
    """The input of `key` in the table row whose id is `ident` (found by id, not by position)."""
    from selenium.webdriver.common.by import By

    for box in driver.find_elements(By.CSS_SELECTOR, f'input[data-field^="{section}."][data-field$=".id"]'):
        if box.get_attribute("value") == ident:
            name = box.get_attribute("data-field").removesuffix(".id") + "." + key
            return driver.find_element(By.CSS_SELECTOR, f'input[data-field="{name}"]')
    raise LookupError(f"no {section} row with id {ident!r}")


def version(driver) -> int:
    """The plan's version (read by script: the element is replaced by every answer)."""
    return int(driver.execute_script('return document.getElementById("plan-state").dataset.version'))


def type_into(driver, box, text: str, timeout: float = 60.0) -> float:
    """Replace the text of `box` and leave the field (the page re-solves); seconds until the plan is new."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    before = version(driver)
    box.send_keys(Keys.CONTROL, "a")  # not clear(): that fires its own change event
    box.send_keys(text if text else Keys.DELETE)
    start = time.perf_counter()
    box.send_keys(Keys.TAB)
    WebDriverWait(driver, timeout, poll_frequency=0.005).until(lambda d: version(d) > before)
    return time.perf_counter() - start


def shown(driver, key: str) -> str:
    """The data-value of the figure with data-key `key` (the JSON value, as the report writes it)."""
    return driver.execute_script(
        'return document.querySelector(`#results [data-key="${arguments[0]}"]`).dataset.value', key
    )
