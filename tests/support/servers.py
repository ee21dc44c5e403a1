"""A real uvicorn server (several workers) on a database, for the tests that need processes."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.clock import offset_env

SERVER_SECRET = "workers-test-secret-0123456789-abcdefghij"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def uvicorn_server(url: str, data_dir: Path, *, workers: int = 2,
                   env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the app on `url`'s (migrated) database, with these extra environment settings;
    yields the base URL."""
    port = free_port()
    extra = env or {}
    env = os.environ | {"DATABASE_URL": url, "ENVIRONMENT": "test", "JWT_SECRET": SERVER_SECRET,
                        "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"}
    env |= offset_env() | extra
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--workers", str(workers),
         "--host", "127.0.0.1", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the {workers}-worker server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def demo_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """A server (one uvicorn worker) on a fresh SQLite file with the demo data: its base
    URL. For the checks run outside pytest (browser, Zapier)."""
    import tempfile

    from app.core.clock import Clock
    from app.db import make_engine, make_sessionmaker, migrate
    from app.demo.seed import seed_demo_unscoped

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/demo.db"
        migrate(url)
        engine = make_engine(url)
        with make_sessionmaker(engine, clock=Clock.system())() as session:
            seed_demo_unscoped(session)
            session.commit()
        engine.dispose()
        with uvicorn_server(url, Path(folder), workers=1, env=env) as base:
            yield base
