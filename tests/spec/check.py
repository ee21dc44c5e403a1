"""python -m tests.spec.check: the committed spec (openapi/openapi.json) lints clean and
generates clean typed clients. Not a pytest module: it needs Node.js with npm (Debian:
`apt-get install -y nodejs npm`) and the package registries the first time.

Installs what it needs once and reuses it: the npm tools pinned in tests/spec/package.json
and package-lock.json (Redocly CLI, openapi-typescript, TypeScript) into
tests/spec/node_modules, and openapi-python-client (OPENAPI_PYTHON_CLIENT) into a venv of
its own, tests/spec/.cache/venv (it pins an older httpx than the app's, so it stays out of
the project's venv; one already there at that version is used as is). Then:

1. the spec is the app's (else: run `python -m app export-openapi`);
2. Redocly lint with openapi/redocly.yaml: no error, and no invalid example at all;
3. openapi-python-client writes a Python client (tests/spec/generated/python) without a
   single warning, and no property the schema requires is typed `... | Unset` there;
4. openapi-typescript writes the types (tests/spec/generated/api.d.ts) without a warning,
   and `tsc --strict --noEmit` compiles tests/spec/usage.ts against them.

Prints a summary with counts; exits 1 if anything failed, 2 if a tool could not be
installed. About 15 seconds once installed."""

import ast
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SPEC = ROOT / "openapi" / "openapi.json"
REDOCLY_CONFIG = ROOT / "openapi" / "redocly.yaml"
GENERATED = HERE / "generated"
CACHE = HERE / ".cache"
BIN = HERE / "node_modules" / ".bin"
OPENAPI_PYTHON_CLIENT = "0.29.1"
EXAMPLE_RULES = ("no-invalid-schema-examples", "no-invalid-media-type-examples")
SPOT_CHECKS = {("DealRead", "amount"): "str", ("DealRead", "rep"): "None | Ref",
               ("ClientKpis", "revenue_won"): "str"}


class Setup(Exception):
    """A tool is missing and could not be installed."""


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__)
        return 0 if argv[0] in ("-h", "--help") else 2
    started = time.monotonic()
    try:
        _npm_tools()
        client = _python_client_tool()
    except Setup as missing:
        print(f"SETUP FAILED: {missing}")
        return 2
    GENERATED.mkdir(exist_ok=True)
    failures: list[str] = []
    summary: list[str] = []
    for step in (_in_sync, _lint, lambda f, s: _python_client(client, f, s), _typescript):
        step(failures, summary)
    print("\n".join(summary))
    for failure in failures:
        print(f"FAILED: {failure}")
    verdict = "FAILED" if failures else "OK"
    print(f"spec check: {verdict} ({len(failures)} failure(s), "
          f"{time.monotonic() - started:.0f} s)")
    return 1 if failures else 0


def _run(args: list[str | Path], cwd: Path = HERE,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


def _npm_tools() -> None:
    """npm ci when node_modules was not installed from this package-lock.json."""
    lock = HERE / "package-lock.json"
    stamp = HERE / "node_modules" / ".spec-check-lock"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and (BIN / "redocly").exists():
        return
    if shutil.which("npm") is None:
        raise Setup("npm is not installed (Debian: apt-get install -y nodejs npm)")
    print("installing the npm tools (npm ci) ...", flush=True)
    done = _run(["npm", "ci", "--no-audit", "--no-fund"])
    if done.returncode != 0:
        raise Setup(f"npm ci failed:\n{done.stdout}{done.stderr}")
    stamp.write_text(digest)


def _python_client_tool() -> Path:
    """openapi-python-client at the pinned version: this venv's, else one of its own."""
    for folder in (Path(sys.executable).parent, CACHE / "venv" / "bin"):
        tool = folder / "openapi-python-client"
        if tool.exists() and OPENAPI_PYTHON_CLIENT in _run([tool, "--version"]).stdout:
            return tool
    print(f"installing openapi-python-client {OPENAPI_PYTHON_CLIENT} into "
          f"{CACHE / 'venv'} ...", flush=True)
    venv = CACHE / "venv"
    made = _run([sys.executable, "-m", "venv", "--clear", venv])
    if made.returncode != 0:
        raise Setup(f"python -m venv failed:\n{made.stderr}")
    done = _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet",
                 f"openapi-python-client=={OPENAPI_PYTHON_CLIENT}"])
    if done.returncode != 0:
        raise Setup(f"pip install openapi-python-client failed:\n{done.stdout}{done.stderr}")
    return venv / "bin" / "openapi-python-client"


def _in_sync(failures: list[str], summary: list[str]) -> None:
    from app.main import create_app
    from app.openapi import render_spec

    fresh = render_spec(create_app())  # as `python -m app export-openapi` makes it
    stale = SPEC.read_text() != fresh
    paths = json.loads(fresh)["paths"]
    operations = sum(1 for item in paths.values() for method in item if method != "parameters")
    summary.append(f"spec:        {len(paths)} paths, {operations} operations"
                   + (", STALE" if stale else ", the app's"))
    if stale:
        failures.append("openapi/openapi.json is not the app's spec: run "
                        "`python -m app export-openapi`")


def _lint(failures: list[str], summary: list[str]) -> None:
    done = _run([BIN / "redocly", "lint", "--config", REDOCLY_CONFIG, "--format", "json",
                 "--max-problems", "10000", SPEC])
    try:
        report = json.loads(done.stdout)
    except ValueError:
        failures.append(f"redocly lint gave no report:\n{done.stdout}{done.stderr}")
        return
    problems = report.get("problems", [])
    errors = [p for p in problems if p["severity"] == "error"]
    warnings = [p for p in problems if p["severity"] == "warn"]
    examples = [p for p in problems if p["ruleId"] in EXAMPLE_RULES]
    by_rule: dict[str, int] = {}
    for problem in problems:
        by_rule[problem["ruleId"]] = by_rule.get(problem["ruleId"], 0) + 1
    rules = ", ".join(f"{rule} {count}" for rule, count in sorted(by_rule.items()))
    summary.append(f"redocly:     {len(errors)} errors, {len(warnings)} warnings, "
                   f"{len(examples)} invalid examples" + (f" ({rules})" if rules else ""))
    for problem in errors + [p for p in examples if p not in errors]:
        where = problem["location"][0]["pointer"] if problem.get("location") else "?"
        failures.append(f"redocly {problem['ruleId']}: {problem['message']} at {where}")


def _python_client(tool: Path, failures: list[str], summary: list[str]) -> None:
    out = GENERATED / "python"
    env = {"PATH": f"{tool.parent}:/usr/bin:/bin", "HOME": str(CACHE)}
    done = _run([tool, "generate", "--path", SPEC, "--output-path", out, "--overwrite",
                 "--config", HERE / "openapi-python-client.yaml"], env=env)
    said = [line for line in (done.stdout + done.stderr).splitlines()
            if line.strip() and not line.startswith("Generating ")]
    warned = [line for line in said if re.search(r"warn|unable|error|could not|not in path",
                                                 line, re.I)]
    if done.returncode != 0 or warned:
        failures.append("openapi-python-client:\n" + "\n".join(said[:60]))
    models = next(out.glob("*/models"), None)
    if models is None:
        failures.append("openapi-python-client wrote no models")
        return
    classes = _model_classes(models)
    schemas = json.loads(SPEC.read_text())["components"]["schemas"]
    checked, unset, missing = 0, [], []
    for name, schema in sorted(schemas.items()):
        if not schema.get("properties"):
            continue
        fields = classes.get(name)
        if fields is None:
            missing.append(name)
            continue
        for prop in schema.get("required", []):
            checked += 1
            annotation = fields.get(_key(prop))
            if annotation is None:
                missing.append(f"{name}.{prop}")
            elif "Unset" in annotation:
                unset.append(f"{name}.{prop}: {annotation}")
    for (name, prop), expected in SPOT_CHECKS.items():
        if classes.get(name, {}).get(_key(prop)) != expected:
            failures.append(f"python client: {name}.{prop} is "
                            f"{classes.get(name, {}).get(_key(prop))}, not {expected}")
    summary.append(f"python:      {len(warned)} generator warnings, {len(classes)} models, "
                   f"{checked} required properties, {len(unset)} typed Unset, "
                   f"{len(missing)} missing")
    failures.extend(f"python client: a required property is typed Unset: {u}" for u in unset)
    failures.extend(f"python client: no model or field for {m}" for m in missing)


def _key(name: str) -> str:
    """A property's name and its Python attribute's compared alike (`type` is `type_`)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _model_classes(models: Path) -> dict[str, dict[str, str]]:
    """Each generated class, with its fields' annotations."""
    classes: dict[str, dict[str, str]] = {}
    for module in models.glob("*.py"):
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.ClassDef):
                classes[node.name] = {
                    _key(item.target.id): ast.unparse(item.annotation) for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                    and item.target.id != "additional_properties"}
    return classes


def _typescript(failures: list[str], summary: list[str]) -> None:
    types = GENERATED / "api.d.ts"
    done = _run([BIN / "openapi-typescript", SPEC, "--output", types])
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    warned = [line for line in said if not line.lstrip().startswith(("✨", "🚀"))]
    if done.returncode != 0 or warned:
        failures.append("openapi-typescript:\n" + "\n".join(said[:60]))
    compiled = _run([BIN / "tsc", "--strict", "--noEmit", "--target", "es2022", "--module",
                     "esnext", "--moduleResolution", "bundler", HERE / "usage.ts"])
    errors = [line for line in compiled.stdout.splitlines() if ": error TS" in line]
    if compiled.returncode != 0:
        failures.append("tsc --strict:\n" + (compiled.stdout + compiled.stderr)[:4000])
    size = len(types.read_text().splitlines()) if types.exists() else 0
    summary.append(f"typescript:  {len(warned)} generator warnings, {size} lines of types, "
                   f"tsc --strict on usage.ts: {len(errors)} errors")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
