"""What the app holds for its planner: the scenario being edited (as data), saved variants, language.

Everything is in memory; nothing is written to disk. Each edit makes a new copy of the data,
then the library builds and checks the `Scenario` (`scenario_from_mapping`, `check_errors`)
and solves it (`optimize`), exactly as `solve` does for a file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from optimizer import i18n
from optimizer.app.fields import field_name, set_field
from optimizer.checks import check_errors
from optimizer.errors import ScenarioError, SolverError
from optimizer.io import EXCEL_SUFFIXES, read_scenario_data
from optimizer.io.example import TEACHING_EXAMPLE
from optimizer.io.fields import Table
from optimizer.io.mapping import scenario_from_mapping
from optimizer.io.toml_reader import MAX_FILE_BYTES, describe_toml_path, parse_toml
from optimizer.io.variants import apply_overrides
from optimizer.optimize import optimize
from optimizer.result import Plan
from optimizer.scenario import Scenario

#: Uploads: the size limit a scenario file has on disk.
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
TEACHING_NAME = "teaching-example.toml"
SLIDER_MIN_TOP = 1_000_000_000
SLIDER_STEPS = 200


@dataclass
class Problem:
    """A one-line error (`ScenarioError` or `SolverError` text) and the form field it belongs to."""

    message: str
    field: str = ""


@dataclass
class Workspace:
    data: dict[str, Any]
    #: The file name shown in messages and used for downloads (never a path written to).
    name: str
    #: The file's own [[variant]] tables (changes to the base), applied to the current values.
    file_variants: list[dict[str, Any]] = field(default_factory=list)
    #: Variants saved in the app: the whole data at the time, by name.
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)
    lang: i18n.Lang = "en"
    solver: str = "highs"
    plan: Plan | None = None
    problem: Problem | None = None
    #: A message about the last thing the planner asked for (an upload that failed), shown once.
    notice: str = ""
    #: Counts re-solves, so the page (and a test) can tell a new answer from the old one.
    version: int = 0
    #: Each budget slider's right end: twice the budget the file opened with (at least Rp1 billion).
    slider_tops: dict[str, int] = field(default_factory=dict)

    # ------------------------------------------------------------ opening

    @classmethod
    def teaching(cls, lang: i18n.Lang = "en") -> Workspace:
        return cls._opened(copy.deepcopy(TEACHING_EXAMPLE), TEACHING_NAME, lang)

    @classmethod
    def from_path(cls, path: str | Path, lang: i18n.Lang = "en") -> Workspace:
        """Open a TOML or XLSX scenario file; raises `ScenarioError` with the CLI's one-line message."""
        data, describe = read_scenario_data(path)
        return cls._opened(data, str(path), lang, describe)

    @classmethod
    def from_upload(cls, filename: str, raw: bytes, lang: i18n.Lang = "en") -> Workspace:
        """Open uploaded bytes with the checks a file gets (size, encoding, syntax, fields)."""
        name = Path(filename or "upload.toml").name
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ScenarioError(
                f"file is {len(raw):,} bytes, over the {MAX_UPLOAD_BYTES:,} limit; is this the right file?",
                file=name,
            )
        suffix = Path(name).suffix.lower()
        if suffix == ".xls":
            raise ScenarioError(
                "is an old Excel 97-2003 .xls file; save it as Excel Workbook (.xlsx)", file=name
            )
        if suffix in EXCEL_SUFFIXES:
            from optimizer.io.excel_reader import read_excel_bytes

            data, locations = read_excel_bytes(raw, name)
            return cls._opened(data, name, lang, locations.describe)
        return cls._opened(parse_toml(raw, name), name, lang)

    @classmethod
    def _opened(cls, data: dict, name: str, lang: i18n.Lang, describe=None) -> Workspace:
        describe = describe or (lambda path: describe_toml_path(data, path))
        if isinstance(data, dict) and "areas" in data:
            raise ScenarioError(
                "has an [areas] table: village-level plans are not in the app yet; use solve", file=name
            )
        raw_variants = data.get("variant", [])
        base = {k: v for k, v in data.items() if k != "variant"}
        tables = [raw_variants] if isinstance(raw_variants, dict) else list(raw_variants)
        try:
            build_scenario(base, name)
            for i, raw in enumerate(tables):
                t = Table(raw, ("variant", i))
                build_scenario(apply_overrides(base, t), f"{name}: variant {t.text('name')!r}")
        except ScenarioError as exc:
            raise exc.located(exc.file or name, exc.where or describe(exc.path)) from None
        ws = cls(base, name, tables, {}, lang)
        for i, source in enumerate(base.get("source") or []):
            budget = source.get("budget")
            if isinstance(budget, int) and not isinstance(budget, bool):
                ws.slider_tops[f"source.{i}.budget"] = max(2 * budget, SLIDER_MIN_TOP)
        ws.resolve()
        return ws

    # ------------------------------------------------------------ editing and solving

    def edit(self, name: str, text: str) -> bool:
        """Set one field from typed text and re-solve; False when the app does not know the field."""
        new = set_field(self.data, name, text)
        if new is None:
            return False
        self.data = new
        self.resolve()
        return True

    def resolve(self) -> None:
        """Build, check and solve the current data; a bad value becomes `problem`, the last plan stays."""
        self.version += 1
        try:
            self.plan = optimize(build_scenario(self.data, self.name), solver=self.solver)
            self.problem = None
        except ScenarioError as exc:
            self.problem = Problem(str(exc), field_name(exc.path))
        except SolverError as exc:
            self.problem = Problem(str(exc))

    def error_for(self, name: str) -> str:
        """The problem's message if it belongs to form field `name` (or to the row cell it is part of)."""
        p = self.problem
        if p is None or not p.field:
            return ""
        inside = name.startswith(p.field + ".") and p.field.count(".") >= 2  # ("group", 1, "window")
        return p.message if p.field == name or inside else ""

    def slider_max(self, name: str) -> int:
        return self.slider_tops.get(name, SLIDER_MIN_TOP)

    def slider_step(self, name: str) -> int:
        """Whole millions where the range allows it: a slider moves in planners' units."""
        return max(1, self.slider_max(name) // SLIDER_STEPS // 1_000_000 * 1_000_000)

    def scenario(self) -> Scenario:
        return build_scenario(self.data, self.name)

    def change_rows(self, section: str, action: str, index: int | None) -> bool:
        """Add a row to (or remove row `index` from) the groups or sources, then re-solve."""
        if section not in ("group", "source") or action not in ("add", "remove"):
            return False
        new = copy.deepcopy(self.data)
        rows = new.setdefault(section, [])
        if action == "remove":
            if index is None or not 0 <= index < len(rows):
                return False
            del rows[index]
        else:
            rows.append(_new_row(new, section))
            order = (new.get("optimize") or {}).get("spending_order")
            if section == "source" and isinstance(order, list):
                order.append(rows[-1]["id"])
        self.data = new
        self.resolve()
        return True

    def save_variant(self, name: str) -> None:
        self.variants[name] = copy.deepcopy(self.data)

    def open_variant(self, name: str) -> bool:
        """Make a variant the current values: a saved one as it was, a file's one applied to them."""
        if name in self.variants:
            self.data = copy.deepcopy(self.variants[name])
        else:
            found = [data for label, data in self.variant_data() if label == name]
            if not found:
                return False
            self.data = found[0]
        self.resolve()
        return True

    def variant_names(self) -> list[str]:
        return [*(str(t.get("name", "")) for t in self.file_variants), *self.variants]

    def variant_data(self) -> list[tuple[str, dict[str, Any]]]:
        """Every variant's data: the file's applied to the current values (as `compare` does with
        the downloaded file), then the saved ones. Raises `ScenarioError` if one no longer applies."""
        out = []
        for i, raw in enumerate(self.file_variants):
            t = Table(raw, ("variant", i))
            try:
                out.append((t.text("name"), apply_overrides(self.data, t)))
            except ScenarioError as exc:
                raise exc.located(self.name, describe_toml_path(self.file_data(), exc.path)) from None
        return out + list(self.variants.items())

    def file_data(self) -> dict[str, Any]:
        """The scenario file for the current values: the data and the file's [[variant]] tables."""
        return {**self.data, "variant": self.file_variants} if self.file_variants else self.data

    @property
    def stem(self) -> str:
        """The file name without folder and extension, safe in a download name."""
        stem = Path(self.name).stem
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in stem) or "scenario"


def _new_row(data: dict, section: str) -> dict[str, Any]:
    """A row to fill in: a fresh id, nothing covered or spent until the planner types figures."""
    taken = {row.get("id") for row in data.get(section) or [] if isinstance(row, dict)}
    ident = next(f"{section}-{n}" for n in range(1, len(taken) + 2) if f"{section}-{n}" not in taken)
    if section == "source":
        return {"id": ident, "name": ident, "kind": "other", "budget": 0}
    packages = [p.get("id") for p in data.get("package") or [] if isinstance(p, dict)]
    return {
        "id": ident,
        "name": ident,
        "uncovered": 0,
        "package": packages[0] if packages else "",
        "months": 12,
    }


def build_scenario(data: dict, name: str) -> Scenario:
    """The checked `Scenario` of `data`; a `ScenarioError` names the file and field as for a TOML file."""
    try:
        scenario = scenario_from_mapping(data, name)
        check_errors(scenario)
    except ScenarioError as exc:
        raise exc.located(name, describe_toml_path(data, exc.path)) from None
    return scenario
