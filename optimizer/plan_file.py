"""One scenario file read and planned as `solve` does it: one region, or per village (`[areas]`).

Every command reads its scenario files here (`load_plan_file`). `validate`, `solve`, `report`,
`compare` and `frontier` read a village-level file here: `load_plan_file`
tells it from a one-region file (`is_area_file`) and reads it (`load_area_scenario`);
`PlanFile.area_plan` plans it (`optimize_areas`). So a village file's column in `compare` is
exactly the plan `solve` prints for it, and its input diff is taken on the scenario the
village loader builds (totals over the villages) plus what the totals hide (`VillageInputs`).
The village modules (numpy, pandas) are imported only for such files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.analysis.compare import Candidate
from optimizer.analysis.compare_inputs import VillageInputs
from optimizer.areas.detect import is_area_file
from optimizer.errors import ScenarioError
from optimizer.i18n import Lang
from optimizer.io.variants import Variant, variants_from_data
from optimizer.result import Plan
from optimizer.scenario import Metric, Objective, Scenario

if TYPE_CHECKING:
    from optimizer.areas.data import AreaScenario
    from optimizer.multiyear.horizon import Horizon
    from optimizer.uncertainty.ranges import Uncertainty


@dataclass(frozen=True, eq=False)
class PlanFile:
    """A scenario file ready to plan: its scenario (for a village file, the totals over the
    villages), its variants and, for a village file, its villages."""

    path: str
    scenario: Scenario
    variants: tuple[Variant, ...] = ()
    area: AreaScenario | None = None
    #: `[horizon]` (plan-years) and `[uncertainty]` (robust, sweep) of a one-region file, checked.
    horizon: Horizon | None = None
    uncertainty: Uncertainty | None = None

    def candidate(self, label: str) -> Candidate:
        """The file as a column of a comparison, planned as `solve` plans it."""
        return _candidate(label, self.scenario, self.area)

    def variant_candidate(self, variant: Variant) -> Candidate:
        """One of the file's variants as a column, planned as the file is (per village or not)."""
        return _candidate(variant.name, variant.scenario, variant.area)

    def area_plan(
        self, objective: Objective | None, metric: Metric | None, solver: str, time_limit: float | None
    ) -> Plan:
        """The village-level plan (`Plan.areas` set) `solve` and `report` show (--time-limit refused
        on the fast path)."""
        if self.area is None:
            raise ValueError(f"{self.path} is not a village-level scenario")
        return _village_plan(self.area, objective, metric, solver, time_limit)

    def notes(self, lang: Lang = "en") -> list[str]:
        """Warnings about a villages file (codes against the official list), as `solve` prints them."""
        if self.area is None:
            return []
        from optimizer.areas.village_check import village_list_notes

        return village_list_notes(self.area, lang)


def load_plan_file(path: str | Path, with_variants: bool = True, plan_years: bool = False) -> PlanFile:
    """Read, type-check and cross-check a scenario file of any kind: the one loader of every command.

    `with_variants`: the caller will plan the file's `[[variant]]`s, so they are read and
    checked (a village file's variants each with their own villages and pots). A one-region
    file's `[horizon]` and `[uncertainty]` are always checked (a command that plans one year
    ignores them, but a broken table is not silently passed over); `plan_years`: also what
    plan-years needs of the scenario besides (`check_plan_years`).

    Raises
    ------
    ScenarioError
        One line naming the file, the field and what to do.
    """
    if not is_area_file(path):
        from optimizer.io import checked_scenario, read_scenario_data

        data, describe = read_scenario_data(path)
        if with_variants:
            base, variants = variants_from_data(data, path, describe)
        else:
            base_data = {k: v for k, v in data.items() if k != "variant"}
            base, variants = checked_scenario(base_data, path, describe), ()
        horizon, uncertainty = _extensions(data, base, path, describe, plan_years)
        return PlanFile(str(path), base, variants, None, horizon, uncertainty)
    if with_variants:
        from optimizer.areas.variants import load_area_variants

        area, variants = load_area_variants(path)
        return PlanFile(str(path), area.scenario, variants, area)
    from optimizer.areas.data import load_area_scenario

    area = load_area_scenario(path)
    return PlanFile(str(path), area.scenario, (), area)


def _extensions(data: dict, scenario: Scenario, path, describe, plan_years: bool):
    """(`[horizon]`, `[uncertainty]`) of a one-region file, checked; errors located in the file."""
    from optimizer.multiyear.horizon import check_horizon, check_plan_years, horizon_from_mapping
    from optimizer.uncertainty.ranges import uncertainty_from_mapping

    try:
        horizon = horizon_from_mapping(data, scenario)
        if horizon is not None:
            check_horizon(horizon)
            if plan_years:
                check_plan_years(horizon, scenario)
        uncertainty = uncertainty_from_mapping(data, scenario)
    except ScenarioError as exc:
        raise exc.located(str(path), describe(exc.path)) from None
    return horizon, uncertainty


def _candidate(label: str, scenario: Scenario, area: AreaScenario | None) -> Candidate:
    if area is None:
        return Candidate(label, scenario)
    plan = functools.partial(_village_plan, area)
    return Candidate(label, scenario, plan, village_inputs(area))


def _village_plan(area, objective, metric, solver, time_limit) -> Plan:
    from optimizer.areas.optimize import optimize_areas

    return optimize_areas(area, objective, metric, solver, time_limit=time_limit)


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
