"""monthly: see the modules in this folder."""
