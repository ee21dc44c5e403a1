"""A local webhook receiver (a tiny HTTP server in a thread) and our own check of Standard
Webhooks signatures, written independently of app.services.webhook_dispatch.sign."""

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WEBHOOKS = "/api/v1/webhooks"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers `respond(received) -> (status, headers)` (default 200)."""

    respond: Callable[[Received], tuple[int, dict[str, str]]] = lambda _: (200, {})
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    port: int = 0

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                got = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with lock:
                    receiver.received.append(got)
                status, headers = receiver.respond(got)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


def signature_ok(secret: str, received: Received, *, tolerance: int = 300) -> bool:
    """Any of the space-separated `v1,` signatures matches HMAC-SHA256 of
    "{webhook-id}.{webhook-timestamp}.{body}" keyed with the secret's decoded bytes."""
    msg_id = received.headers["webhook-id"]
    timestamp = received.headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + received.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    versions = [s.split(",", 1) for s in received.headers["webhook-signature"].split(" ")]
    return any(v == "v1" and hmac.compare_digest(sig, expected) for v, sig in versions)


def subscribe(caller, url: str, events: list[str]) -> dict:
    response = caller.post(WEBHOOKS, json={"target_url": url, "events": events})
    assert response.status_code == 201, response.text
    return response.json()


def fan_out(app) -> int:
    """The dispatcher's first step, as its next pass would take it: the events written since
    become deliveries to their subscribers (in the test's transaction, like any request)."""
    from app.services.integrations.webhooks.dispatch import fan_out_pending

    return fan_out_pending(lambda: app.state.sessionmaker())


def deliveries(caller, webhook_id: str) -> list[dict]:
    """A subscription's deliveries once the dispatcher has fanned out what was written."""
    fan_out(caller.http.app)
    response = caller.get(f"{WEBHOOKS}/{webhook_id}/deliveries")
    assert response.status_code == 200, response.text
    return response.json()["items"]

