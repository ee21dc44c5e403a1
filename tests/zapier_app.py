"""python -m tests.zapier_app: the Zapier app (`integrations/zapier/`) against a real server.
Not a pytest module: it needs Node.js and npm (the app's own devDependencies bring Node 22,
which Zapier's CLI and runtime ask for, from the npm registry).

Seeds the demo on a fresh SQLite file, serves the app with uvicorn (private webhook targets
allowed, so the app's tests can receive real deliveries on this machine), logs in as the
demo manager and creates an API key; then, in `integrations/zapier/`, runs `npm ci` (when
`node_modules` is missing or older than the lock file), `zapier-platform validate
--without-style` (the schema checks: the style checks ask Zapier's servers) and `npm test`
with API_BASE_URL and API_KEY set. Needs no Zapier account. Exits non-zero on any failure
and prints a short summary."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.demo.seed import DEMO_PASSWORD
from tests.support.servers import demo_server

APP_DIR = Path(__file__).resolve().parent.parent / "integrations" / "zapier"
MANAGER = "manager@demo.example"
SERVER_ENV = {"WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true"}


def main() -> int:
    started = time.monotonic()
    missing = [tool for tool in ("node", "npm", "npx") if shutil.which(tool) is None]
    if missing:
        print(f"FAILED: {', '.join(missing)} not found (apt-get install -y nodejs npm)")
        return 1
    steps: list[tuple[str, int, float]] = []
    if _needs_install():
        steps.append(_run("npm ci", ["npm", "ci", "--no-audit", "--no-fund"], os.environ))
        if steps[-1][1] != 0:
            return _summary(steps, started)
    with demo_server(env=SERVER_ENV) as base:
        env = os.environ | {"API_BASE_URL": base, "API_KEY": _api_key(base)}
        steps.append(_run("zapier-platform validate",
                          ["npx", "--no-install", "zapier-platform", "validate",
                           "--without-style"], env))
        steps.append(_run("npm test", ["npm", "test"], env))
    return _summary(steps, started)


def _needs_install() -> bool:
    """No node_modules yet, or one older than the lock file."""
    installed = APP_DIR / "node_modules" / ".package-lock.json"
    lock = APP_DIR / "package-lock.json"
    return not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime


def _api_key(base: str) -> str:
    """A new API key of the demo manager (keys are made after a password login)."""
    token = httpx.post(f"{base}/api/v1/auth/token", data={
        "username": MANAGER, "password": DEMO_PASSWORD}).raise_for_status().json()
    created = httpx.post(f"{base}/api/v1/api-keys", json={"name": "Zapier app tests"},
                         headers={"Authorization": f"Bearer {token['access_token']}"})
    return created.raise_for_status().json()["key"]


def _run(name: str, command: list[str], env) -> tuple[str, int, float]:
    print(f"--- {name}", flush=True)
    began = time.monotonic()
    code = subprocess.run(command, cwd=APP_DIR, env=env).returncode
    return name, code, time.monotonic() - began


def _summary(steps: list[tuple[str, int, float]], started: float) -> int:
    print("--- Zapier app summary")
    for name, code, seconds in steps:
        print(f"{'ok' if code == 0 else 'FAILED':6} {name} ({seconds:.1f} s)")
    failed = [name for name, code, _ in steps if code != 0]
    print(f"{'FAILED' if failed else 'passed'} in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
