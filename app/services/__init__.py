"""Domain logic; every query goes through access.py's scoping."""
