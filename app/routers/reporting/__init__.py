"""The owner's progress reports."""
