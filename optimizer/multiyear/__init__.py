"""multiyear: see the modules in this folder."""
