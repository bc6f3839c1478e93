"""html_report: see the modules in this folder."""
