"""The loop that runs queued import jobs: a thread inside the server
(IMPORTS_EMBEDDED_WORKER, the default) or `python -m app import-worker`. Any number may run
at once: each job is claimed by one. A job's writes are audited as its creator's."""

import logging
import threading

from app.services.integrations.audit import set_actor
from app.services.pipeline.imports import run_next
from app.services.pipeline.imports.jobs import SessionFactory

log = logging.getLogger("app.imports")
POLL_SECONDS = 2.0


def run(session_factory: SessionFactory, stop: threading.Event) -> None:
    """Run jobs until `stop` is set, waiting a little when there is none."""
    while not stop.is_set():
        try:
            ran = run_next(session_factory, prepare=set_actor)
        except Exception:  # the job is marked failed; keep going
            log.exception("import job failed")
            ran = True
        if not ran:
            stop.wait(POLL_SECONDS)


def start_thread(session_factory: SessionFactory):
    """Run the loop in a daemon thread; returns a function that stops it and waits."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(session_factory, stop), name="import-worker",
                              daemon=True)
    thread.start()

    def shutdown() -> None:
        stop.set()
        thread.join(timeout=30)

    return shutdown
