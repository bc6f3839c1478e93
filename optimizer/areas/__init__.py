"""areas: see the modules in this folder."""
