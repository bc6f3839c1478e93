"""Checks of the monthly fields (windows, runs, tranches, overlaps): errors and warnings.

Registered in `optimizer.checks` so every scenario goes through them; they say
nothing about scenarios that use the annual model only.
"""

from __future__ import annotations

from optimizer.errors import ScenarioError
from optimizer.messages import Msg
from optimizer.monthly.months import overlap_persons, reporting_month, runs_of, uses_monthly_model, window_of
from optimizer.scenario import Scenario


def check_runs(s: Scenario) -> None:
    """Every group must allow at least one run of months."""
    report = reporting_month(s)
    for i, g in enumerate(s.groups):
        first, last = window_of(g)
        if not g.choose_months and g.months > last - first + 1:
            raise ScenarioError(
                f"{g.months} months do not fit in the window {first}-{last}; "
                "shorten months or widen the window",
                ("group", i, "months"),
            )
        if g.min_run > g.months:
            what = "max_months" if g.choose_months else "months"
            raise ScenarioError(
                f"min_run of {g.min_run} is longer than {what} = {g.months}; lower min_run",
                ("group", i, "min_run"),
            )
        if uses_monthly_model(s) and not runs_of(g, report):
            raise ScenarioError(
                f"no run of months fits the window {first}-{last} and reaches the reporting month "
                f"{report}; widen the window or shorten min_run",
                ("group", i, "window"),
            )


def check_overlaps(s: Scenario) -> None:
    """Overlaps name existing groups and never hold more persons than a group has."""
    ids = {g.id for g in s.groups}
    inside: dict[str, int] = {}
    for i, o in enumerate(s.overlaps):
        for gid in o.groups:
            if gid not in ids:
                raise ScenarioError(
                    f"group {gid!r} does not exist; use ids from [[group]]: {', '.join(sorted(ids))}",
                    ("overlap", i, "groups"),
                )
        n = overlap_persons(s, o)
        for gid in o.groups:
            inside[gid] = inside.get(gid, 0) + n
            if inside[gid] > s.group(gid).uncovered:
                raise ScenarioError(
                    f"puts {inside[gid]:,} of group {gid!r} in overlaps, more than its "
                    f"{s.group(gid).uncovered:,} uncovered; lower the overlap",
                    ("overlap", i, "persons" if o.persons is not None else "share"),
                )


def warn_window_before_report(s: Scenario) -> list[str]:
    if not uses_monthly_model(s):
        return []
    report = reporting_month(s)
    out = []
    for g in s.groups:
        first, last = window_of(g)
        if last < report:
            out.append(Msg("warn.window_before_report", group=g.id, first=first, last=last, report=report))
    return out


def warn_late_money(s: Scenario) -> list[str]:
    report = reporting_month(s) if uses_monthly_model(s) else None
    out = []
    for src in s.sources:
        late = [t.month for t in src.tranches if report is not None and t.month > report]
        if late:
            months = ", ".join(map(str, late))
            out.append(Msg("warn.late_money", source=src.id, months=months, report=report))
    return out
