"""One scenario file read and planned as `solve` does it: one region, or per village (`[areas]`).

`validate`, `solve`, `report` and `compare` read a village-level file here: `load_plan_file`
tells it from a one-region file (`is_area_file`) and reads it (`load_area_scenario`);
`PlanFile.area_plan` plans it (`optimize_areas`). So a village file's column in `compare` is
exactly the plan `solve` prints for it, and its input diff is taken on the scenario the
village loader builds (totals over the villages) plus what the totals hide (`VillageInputs`).
The village modules (numpy, pandas) are imported only for such files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.analysis.compare import Candidate
from optimizer.analysis.compare_inputs import VillageInputs
from optimizer.areas.detect import is_area_file
from optimizer.errors import ScenarioError
from optimizer.i18n import Lang
from optimizer.io.toml_reader import read_toml
from optimizer.io.variants import Variant, load_with_variants
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario

if TYPE_CHECKING:
    from optimizer.areas.data import AreaScenario
    from optimizer.areas.optimize import AreaPlan

#: Why a village file's [[variant]] tables cannot be compared (README, "Which command takes which scenario").
NO_VILLAGE_VARIANTS = (
    "variants of a village-level scenario are not supported yet; write each variant as its own file "
    "and compare the files"
)


@dataclass(frozen=True, eq=False)
class PlanFile:
    """A scenario file ready to plan: its scenario (for a village file, the totals over the
    villages), its variants (one-region files only) and, for a village file, its villages."""

    path: str
    scenario: Scenario
    variants: tuple[Variant, ...] = ()
    area: AreaScenario | None = None

    def candidate(self, label: str) -> Candidate:
        """The file as a column of a comparison, planned as `solve` plans it."""
        if self.area is None:
            return Candidate(label, self.scenario)
        return Candidate(label, self.scenario, self._village_plan, village_inputs(self.area))

    def area_plan(
        self, objective: Objective | None, metric: Metric | None, solver: str, time_limit: float | None
    ) -> AreaPlan:
        """The village-level plan `solve` and `report` show (--time-limit refused on the fast path)."""
        from optimizer.areas.optimize import optimize_areas

        if self.area is None:
            raise ValueError(f"{self.path} is not a village-level scenario")
        return optimize_areas(self.area, objective, metric, solver, time_limit=time_limit)

    def _village_plan(
        self, objective: Objective | None, metric: Metric | None, solver: str, time_limit: float | None
    ) -> Plan:
        return self.area_plan(objective, metric, solver, time_limit).plan

    def notes(self, lang: Lang = "en") -> list[str]:
        """Warnings about a villages file (codes against the official list), as `solve` prints them."""
        if self.area is None:
            return []
        from optimizer.areas.village_check import village_list_notes

        return village_list_notes(self.area, lang)


def load_plan_file(path: str | Path, with_variants: bool = True) -> PlanFile:
    """Read, type-check and cross-check a scenario file of either kind.

    `with_variants`: the caller will plan the file's `[[variant]]`s; a village-level file
    with variants is then refused (they are not supported for village files yet).

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    if not is_area_file(path):
        base, variants = load_with_variants(path)
        return PlanFile(str(path), base, variants)
    from optimizer.areas.data import load_area_scenario

    area = load_area_scenario(path)
    if with_variants and "variant" in read_toml(path):
        raise ScenarioError(NO_VILLAGE_VARIANTS, file=str(path), where="[[variant]]")
    return PlanFile(str(path), area.scenario, (), area)


def village_inputs(area: AreaScenario) -> VillageInputs:
    """What the village file adds to its totals: scopes, shares, persons and pots per place."""
    sc = area.scenario
    codes = [str(c) for c in area.villages["village_code"]]
    figures: dict[tuple[str, str], dict[str, int]] = {
        ("group", g.id): dict(zip(codes, area.headcount[:, j].tolist(), strict=True))
        for j, g in enumerate(sc.groups)
    }
    for j, (source, scope) in enumerate(zip(sc.sources, area.scopes, strict=True)):
        if scope == "village":
            places, pots = codes, area.village_budget[:, j]
        elif scope == "regency" and len(area.regency_codes) > 1:  # one regency: its pot is the total
            places, pots = list(area.regency_codes), area.regency_budget[:, j]
        else:
            continue
        figures[(scope, source.id)] = dict(zip(places, pots.tolist(), strict=True))
    return VillageInputs(
        villages=len(codes),
        regencies=len(area.regency_codes),
        scopes={s.id: scope for s, scope in zip(sc.sources, area.scopes, strict=True)},
        min_village_share=area.min_village_share,
        min_district_share=area.min_district_share,
        figures=figures,
    )
