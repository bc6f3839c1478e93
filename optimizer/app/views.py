"""HTML of the app's page, from templates (Jinja2, every value escaped) and the library's renderers.

The plan's sections are the HTML report's own (`optimizer.html_report.sections`): the same
figures, words and number formats as the printable report, with `data-key`/`data-value`
attributes on every figure (what the tests read). No arithmetic here.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from optimizer import i18n
from optimizer.analysis.compare import compare, render_table
from optimizer.analysis.frontier import budget_frontier
from optimizer.app import fields as F
from optimizer.app.words import word
from optimizer.app.workspace import Workspace, build_scenario
from optimizer.errors import ScenarioError, SolverError
from optimizer.html_report import sections
from optimizer.html_report.template import CSS as REPORT_CSS
from optimizer.messages import say
from optimizer.report import plan_to_dict

ENV = Environment(loader=PackageLoader("optimizer.app"), autoescape=select_autoescape(default=True))


def page(ws: Workspace) -> str:
    data = ws.data
    group_columns = F.table_columns(data, F.GROUPS)
    source_columns = F.table_columns(data, F.SOURCES)
    return ENV.get_template("page.html").render(
        ws=ws,
        w=lambda key, **v: word(key, ws.lang, **v),
        other_lang="id" if ws.lang == "en" else "en",
        report_css=Markup(REPORT_CSS),
        region=F.record_fields(data, F.REGION),
        question=F.record_fields(data, F.OPTIMIZE),
        group_columns=group_columns,
        groups=[F.row_fields(data, F.GROUPS, i, group_columns) for i in range(len(data.get("group") or []))],
        source_columns=source_columns,
        sources=[
            F.row_fields(data, F.SOURCES, i, source_columns) for i in range(len(data.get("source") or []))
        ],
        results=Markup(results(ws)),
    )


def results(ws: Workspace) -> str:
    """The plan part of the page: the problem (if any), then the last valid plan."""
    plan, lang = ws.plan, ws.lang
    parts: list[str] = []
    if plan is not None:
        doc = plan_to_dict(plan)
        parts = [
            sections._summary(doc, plan, lang),
            limits(ws),
            sections._allocation(doc, lang),
            sections._sources_groups(doc, lang),
        ]
    return ENV.get_template("results.html").render(
        ws=ws, w=lambda key, **v: word(key, ws.lang, **v), body=Markup("\n".join(parts))
    )


def limits(ws: Workspace) -> str:
    plan, lang = ws.plan, ws.lang
    assert plan is not None
    lists: list[tuple[str, list[str]]] = []
    if plan.shortfall is not None:
        lists.append(("shortfall", [say(x, lang) for x in plan.shortfall.reasons]))
    else:
        lists.append(("binding", [say(x, lang) for x in plan.binding]))
    if plan.floor_shortfall is not None:
        lists.append(("floor_shortfall", [say(x, lang) for x in plan.floor_shortfall.reasons]))
    lists.append(("warnings", [say(x, lang) for x in plan.warnings]))
    return ENV.get_template("limits.html").render(w=lambda key, **v: word(key, lang, **v), lists=lists)


def comparison(ws: Workspace) -> str:
    """`compare` of the current values (the base) against every saved variant, as the CLI prints it."""
    try:
        labelled = [(word("current", ws.lang), ws.scenario())]
        labelled += [
            (name, build_scenario(data, f"{ws.name}: variant {name!r}")) for name, data in ws.variant_data()
        ]
        text = render_table(compare(labelled, solver=ws.solver), ws.lang)
    except (ScenarioError, SolverError) as exc:
        return _problem(str(exc))
    return ENV.get_template("pre.html").render(text=text)


def frontier(ws: Workspace) -> str:
    """The report's frontier section (chart with today's point, then the tables) for the current values."""
    try:
        s = ws.scenario()
        metric = ws.plan.metric if ws.plan is not None else None
        f = budget_frontier(s, metric, targets=sections.standard_targets(s), solver=ws.solver)
        return sections._frontier(f, ws.lang, "")
    except (ScenarioError, SolverError) as exc:
        return _problem(str(exc))


def _problem(message: str) -> str:
    return ENV.get_template("pre.html").render(text=message, problem=True)


def figures(ws: Workspace) -> dict[str, Any]:
    """The plan's headline figures as the JSON document has them (for the page script and tests)."""
    if ws.plan is None:
        return {}
    doc = plan_to_dict(ws.plan)
    return {"status": doc["status"], "total_cost": doc["total_cost"], "coverage": doc["coverage"]}


def lang_of(value: str | None, default: i18n.Lang) -> i18n.Lang:
    try:
        return i18n.resolve_lang(value) if value else default
    except ValueError:
        return default
