"""Structured logs: one JSON object per line, with the request id of the request logged."""

import json
import logging
import sys
from datetime import UTC, datetime

from app.core.request_context import current_request_id

# Fields a log call may pass through `extra=` that belong in the line.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "client_ip")


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, then the request fields the record has."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class JsonLinesHandler(logging.StreamHandler):
    """The handler `configure_logging` installs (recognised so it is installed once)."""


def configure_logging(level: str) -> None:
    """Send every log record to stderr as a JSON line, at this level."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    if not any(isinstance(h, JsonLinesHandler) for h in root.handlers):
        handler = JsonLinesHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    for name in ("uvicorn", "uvicorn.error"):  # uvicorn's own lines in the same shape
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")  # app.access writes the access lines
    access.handlers.clear()
    access.propagate = False
