"""The shipped checklists, urgent signs and help resources (TOML data, installed with the package)."""
