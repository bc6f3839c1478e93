"""How long the planner app takes from a budget change to the updated plan; writes benchmarks/APP.md.

    python -m benchmarks.app_latency [REPEATS]

Three figures per scenario, each the min and median of REPEATS changes of the APBD budget:
- server: `Workspace.edit` alone (build, check, solve, as in the app);
- request: the POST /edit round trip through Starlette's test client (adds rendering the HTML);
- browser: in headless Chromium against the real program, from leaving the field (Tab) to the
  new plan on the page (needs /usr/bin/chromium and /usr/bin/chromedriver).
Plus the app's start-up: from starting `python -m optimizer app` to its address being printed.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

SCENARIOS = {
    "teaching-example": ("scenarios/teaching-example.toml", "apbd"),
    "pati-2025": ("scenarios/pati-2025.toml", "apbd"),
}
OUT = Path(__file__).with_name("APP.md")


def _budgets(repeats: int, base: int) -> list[int]:
    return [base * (70 + 5 * (i % 6)) // 100 for i in range(repeats)]


def _field(ws, source_id: str) -> str:
    index = next(i for i, s in enumerate(ws.data["source"]) if s["id"] == source_id)
    return f"source.{index}.budget"


def server_and_request(path: str, source_id: str, repeats: int) -> tuple[list[float], ...]:
    from starlette.testclient import TestClient

    from optimizer.app.server import create_app
    from optimizer.app.workspace import Workspace

    ws = Workspace.from_path(path)
    name = _field(ws, source_id)
    base = ws.data["source"][int(name.split(".")[1])]["budget"]
    server, cpu = [], []
    for budget in _budgets(repeats, base):
        start, start_cpu = time.perf_counter(), time.process_time()
        ws.edit(name, str(budget))
        server.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    client = TestClient(create_app(Workspace.from_path(path)), base_url="http://127.0.0.1")
    request = []
    for budget in _budgets(repeats, base):
        start = time.perf_counter()
        client.post("/edit", data={"field": name, "value": str(budget)}).raise_for_status()
        request.append(time.perf_counter() - start)
    return server, cpu, request


def browser(path: str, source_id: str, repeats: int) -> list[float]:
    from tests.app_browser import browser_available, chromium, field_of, running_app, type_into

    if not browser_available():
        return []
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(path) as url,
        chromium(Path(tmp) / "profile", Path(tmp) / "downloads") as driver,
    ):
        driver.get(url)
        box = field_of(driver, "source", source_id, "budget")
        base = int(box.get_attribute("value"))
        return [type_into(driver, box, str(b)) for b in _budgets(repeats, base)]


def start_up(path: str, repeats: int) -> list[float]:
    from tests.app_browser import running_app

    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        with running_app(path):
            out.append(time.perf_counter() - start)
    return out


def _row(label: str, xs: list[float]) -> str:
    if not xs:
        return f"| {label} | - | - | 0 |"
    return f"| {label} | {1000 * min(xs):.0f} | {1000 * statistics.median(xs):.0f} | {len(xs)} |"


def main(repeats: int = 9) -> None:
    lines = [
        "# Planner app: time from a budget change to the updated plan",
        "",
        f"Command: `python -m benchmarks.app_latency {repeats}`; each row: min and median in milliseconds.",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} at the start (shared, loaded machine: "
        "read the ratios and the minimums).",
        "Versions: "
        + ", ".join(
            f"{p} {version(p)}"
            for p in ("ucj-optimizer", "pulp", "highspy", "starlette", "uvicorn", "jinja2", "selenium")
        )
        + f", Python {platform.python_version()}.",
        "",
        "| what | min ms | median ms | n |",
        "|---|---|---|---|",
    ]
    for name, (path, source) in SCENARIOS.items():
        server, cpu, request = server_and_request(path, source, repeats)
        lines.append(_row(f"{name}: server (Workspace.edit: check + solve)", server))
        lines.append(_row(f"{name}: the same, CPU time of this process (HiGHS included)", cpu))
        lines.append(_row(f"{name}: POST /edit (solve + HTML)", request))
        lines.append(_row(f"{name}: browser, Tab to new plan shown", browser(path, source, repeats)))
    lines.append(
        _row(
            "start-up: `python -m optimizer app` to its address printed",
            start_up(SCENARIOS["pati-2025"][0], 3),
        )
    )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
