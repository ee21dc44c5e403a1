"""The answer of a CSV import."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RowError(BaseModel):
    line: int = Field(description="Line number in the file (the header is line 1).")
    field: str | None = None
    message: str


class ImportResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "dry_run": True, "rows": 3, "valid_rows": 2, "created": 0,
        "errors": [{"line": 3, "field": "rep_email",
                    "message": "No rep of this client has email nobody@acme.example."}],
        "items": [{"name": "Line 4 retrofit", "amount": "48000.00", "stage": "proposal"}]}]})
    dry_run: bool
    rows: int = Field(description="Data rows read.")
    valid_rows: int
    created: int = Field(description="Records written (0 on a dry run).")
    updated: int = Field(default=0, description="Deals an upsert changed (0 on a dry run).")
    unchanged: int = Field(default=0, description="Rows that matched a deal and changed nothing.")
    errors: list[RowError]
    items: list[dict[str, Any]] = Field(description="What was (or would be) created.")
