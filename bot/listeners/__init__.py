"""Bolt listeners, one subpackage per kind, each with `register(app, deps)`."""
