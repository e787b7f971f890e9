"""Structured application logs: one JSON object a line on stderr.

`log_event("import.finished", kind="responses", rows=120)` writes
`{"time": "...", "level": "INFO", "logger": "matpunkt.events", "event": "import.finished",
"kind": "responses", "rows": 120}`. Events carry counts, ids, durations and outcomes only:
never an answer, a comment, a code, a link token, an address, a user name or a file name. Web
answers are logged without their place (see docs/security.md, "Operations"), since a time and a
place together could tie an answer to the person who was handed the code.
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

EVENTS = logging.getLogger("matpunkt.events")

# Only plain values: a dict or an object could carry anything into the log.
_ALLOWED = (str, int, float, bool, type(None))
# The record's own attributes; everything else in its __dict__ came through `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def log_event(event: str, /, *, level: int = logging.INFO, **fields) -> None:
    """Log an application event with plain fields (str, int, float, bool or None)."""
    for name, value in fields.items():
        if not isinstance(value, _ALLOWED):
            raise TypeError(f"Log field {name!r} must be a plain value, not {type(value)!r}.")
    EVENTS.log(level, event, extra={"event": event, **fields})


@contextmanager
def timed(event: str, /, **fields) -> Iterator[dict]:
    """Log `event` with `duration_ms` when the block ends; the block may add fields to the dict
    it gets. An exception is logged as `outcome="error"` with its class name and re-raised."""
    extra: dict = {}
    start = time.perf_counter()
    try:
        yield extra
    except Exception as error:
        extra.setdefault("outcome", "error")
        extra.setdefault("error", type(error).__name__)
        raise
    finally:
        duration = round((time.perf_counter() - start) * 1000, 1)
        log_event(event, **fields, **extra, duration_ms=duration)


class JsonFormatter(logging.Formatter):
    """Formats every record, ours and Django's, as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if "event" not in vars(record):
            entry["message"] = record.getMessage()
        for name, value in vars(record).items():
            # Django's own records carry the request, whose path may hold a code: left out.
            if name not in _STANDARD and isinstance(value, _ALLOWED):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestTimingMiddleware:
    """Logs every request's view, route pattern, status and time taken (`request.finished`).

    The route is the URL pattern (`e/<str:code>/`), never the path, which may hold a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        log_event(
            "request.finished",
            method=request.method,
            view=match.view_name if match else None,
            route=match.route if match else None,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - start) * 1000, 1),
        )
        return response
