"""Fractional Sales Management API."""
