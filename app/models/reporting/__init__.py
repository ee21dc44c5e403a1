"""The owner's monthly (or quarterly) progress report."""
