"""Headless Chromium for the print and screenshot tests (Debian's chromium package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

#: Without the background-networking flags Chromium keeps dialling hosts this closed network refuses.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_or_skip() -> str:
    """The browser's path; skip without it, except on CI, where `.ci/run` installs it."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("needs Debian's chromium (apt-get install chromium chromium-driver)")
    return browser


def run_chromium(browser: str, *args: str) -> None:
    """Run Chromium once with a fresh profile; once more if a signal killed it.

    Chromium has been seen to die with SIGSEGV on a loaded 2-core machine and then render
    the same page fine: a browser crash says nothing about our page, a non-zero exit does.
    """
    for attempt in range(2):
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run(
                [browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, timeout=120
            )
        if done.returncode >= 0 or attempt == 1:
            break
    if done.returncode != 0:
        raise AssertionError(
            f"chromium exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}"
        )
