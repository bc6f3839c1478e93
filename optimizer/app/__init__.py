"""The local planner app (`ucj-optimizer app`): edit a scenario in the browser, see the plan change.

A thin layer like the CLI: the page edits the scenario's data (the same TOML-shaped dict a
file gives), and every answer comes from the library (`optimizer.io`, `optimizer.checks`,
`optimizer.optimize`, `optimizer.report`, `optimizer.html_report`, `optimizer.analysis`).
Needs the `app` extra: `pip install "ucj-optimizer[app]"`.
"""
