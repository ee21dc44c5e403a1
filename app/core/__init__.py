"""What every domain shares: the clock, paging, filters, versioning, SQL dialects, CSV."""
