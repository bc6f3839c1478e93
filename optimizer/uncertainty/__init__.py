"""uncertainty: see the modules in this folder."""
