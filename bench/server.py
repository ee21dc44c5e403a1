"""The real server in a subprocess (uvicorn app.main:app on a free loopback port), stopped
with its whole process group however the benchmark ends."""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`with Server(url, workers=2, workdir=...) as server:` ... `server.port`."""

    def __init__(self, database_url: str, *, workers: int, workdir: Path,
                 jwt_secret: str | None = None) -> None:
        self.database_url, self.workers, self.workdir = database_url, workers, workdir
        self.jwt_secret = jwt_secret or secrets.token_urlsafe(48)
        self.port = free_port()
        self.log_path = workdir / f"server-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = {**os.environ, "DATABASE_URL": self.database_url, "ENVIRONMENT": "test",
               "JWT_SECRET": self.jwt_secret, "DATA_DIR": str(self.workdir / "data"),
               "ACCESS_TOKEN_MINUTES": "120", "LOG_LEVEL": "WARNING",
               # thousands of requests a minute from one login: no rate limit; no webhook
               # subscriptions, so no dispatcher thread either
               "RATE_LIMIT_PER_MINUTE": "0", "REDIS_URL": "", "WEBHOOKS_EMBEDDED_WORKER": "false"}
        command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", HOST,
                   "--port", str(self.port), "--workers", str(self.workers),
                   "--log-level", "warning", "--no-access-log"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    time.sleep(1.0 if self.workers > 1 else 0.2)  # let every worker come up
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM to the server's own process group (uvicorn and its workers), then KILL."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def login(self, email: str, password: str) -> str:
        """An access token from POST /api/v1/auth/token (the OAuth2 password form)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        body = urllib.parse.urlencode({"username": email, "password": password})
        conn.request("POST", "/api/v1/auth/token", body=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        if response.status != 200:
            raise RuntimeError(f"login as {email} answered {response.status}: {payload[:300]!r}")
        return json.loads(payload)["access_token"]
