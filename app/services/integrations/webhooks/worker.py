"""The webhook dispatcher's loop: `python -m app webhook-worker`, or a thread inside the
server (WEBHOOKS_EMBEDDED_WORKER, the default). Any number may run at once. It also takes the
forecast snapshots that are due, hourly."""

import logging
import threading
import time

import httpx

from app.services.insights.forecast.snapshots import take_all
from app.services.integrations.webhooks.dispatch import (
    SessionFactory,
    check_alarms,
    dispatch_once,
    purge,
)
from app.settings import Settings

log = logging.getLogger("app.webhooks")
SNAPSHOT_EVERY_SECONDS = 3600


def run(session_factory: SessionFactory, settings: Settings, stop: threading.Event) -> None:
    """Send due deliveries until `stop` is set; check the alarms (and forget old
    deliveries) every so often."""
    next_alarm_check = next_snapshot = 0.0
    with httpx.Client(follow_redirects=False) as http:
        while not stop.is_set():
            sent = 0
            try:
                if time.monotonic() >= next_snapshot:
                    next_snapshot = time.monotonic() + SNAPSHOT_EVERY_SECONDS
                    take_all(session_factory)
                if time.monotonic() >= next_alarm_check:
                    next_alarm_check = time.monotonic() + settings.webhooks_alarm_check_seconds
                    check_alarms(session_factory)
                    purge(session_factory, settings)
                sent = dispatch_once(session_factory, settings, http)
            except Exception:  # keep going: the next pass retries what this one missed
                log.exception("webhook dispatch pass failed")
            if not sent:
                stop.wait(settings.webhooks_poll_seconds)


def start_thread(session_factory: SessionFactory, settings: Settings):
    """Run the loop in a daemon thread; returns a function that stops it and waits."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(session_factory, settings, stop),
                              name="webhook-dispatcher", daemon=True)
    thread.start()

    def shutdown() -> None:
        stop.set()
        thread.join(timeout=settings.webhooks_timeout_seconds + 5)

    return shutdown
