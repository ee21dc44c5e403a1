"""The owner's progress report: its figures, its life cycle, and its page and file."""
