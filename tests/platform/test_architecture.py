"""Static checks that keep the house in shape: the packages import one way (a table of
who may import whom), authorization stays in one place (no queries in routers, no tenant
filters outside services/access, every table either scoped or explicitly not a tenant
table), no fastapi in services, and no wall-clock reads outside the clock."""

import ast
import inspect
from pathlib import Path

from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table on the metadata)
from app.services.access.scope import TENANT_PATHS

APP = Path(__file__).resolve().parents[2] / "app"
ROUTERS = APP / "routers"
SERVICES = APP / "services"
ACCESS = SERVICES / "access"
DEMO = APP / "demo"

QUERY_MODULES = ("sqlmodel", "sqlalchemy")
SESSION_QUERY_METHODS = {"exec", "execute", "get", "query"}
# Tables that belong to no tenant, and why.
NON_TENANT_TABLES = {
    "refresh_tokens": "auth state, reached only through a token digest or its user",
    "login_failures": "lockout counter keyed by email, before anyone is known",
    "webhook_subscriptions": "a user's own, reached through access.own_webhooks",
    "webhook_deliveries": "reached through their subscription (access.get_own_webhook)",
    "webhook_alarm_states": "the dispatcher's last known alarms, never read by a caller",
    "api_keys": "a login's own keys, reached through a key digest or access.owned_select",
    "idempotency_keys": "a login's own retry records, reached only by (user, key)",
    "one_on_one_deals": "links of a one-on-one, read and written only through it",
    "sales_meeting_attendees": "links of a sales meeting, read and written only through it",
    "interview_questions": "an interview's kit, read and written only through it",
    "territory_reps": "links of a territory, read and written only through it",
    "training_assignments": "a training's reps, read and written only through it",
    "call_ratings": "a call review's ratings, written with it and read through its rep",
    "comp_plan_reps": "links of a compensation plan, read and written only through it",
    "import_chunks": "a queued import's file, read only by the job that claimed it",
}
# Services that may read the caller's scope to report it, though they filter nothing by it.
SCOPE_READERS = {
    "identity/me.py": "GET /me answers the caller's client_ids",
}


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(APP.parent)}:{node.lineno}"


def _imports_from(tree: ast.Module, roots: tuple[str, ...]):
    """(node, module, name) for every import of a module under one of `roots`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in roots:
                    yield node, alias.name, None
        elif (isinstance(node, ast.ImportFrom) and node.module and node.level == 0
              and node.module.split(".")[0] in roots):
            for alias in node.names:
                yield node, node.module, alias.name


def _is_session(node: ast.AST) -> bool:
    return ((isinstance(node, ast.Name) and node.id == "session")
            or (isinstance(node, ast.Attribute) and node.attr == "session"))


def router_violations(path: Path, tree: ast.Module) -> list[str]:
    """Queries written in a router: `select` imported, or the session queried directly."""
    found = []
    for node, module, name in _imports_from(tree, QUERY_MODULES):
        if name == "select":
            found.append(f"{_where(path, node)}: imports select from {module}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "select"
                and isinstance(node.value, ast.Name) and node.value.id in QUERY_MODULES):
            found.append(f"{_where(path, node)}: uses {node.value.id}.select")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SESSION_QUERY_METHODS and _is_session(node.func.value)):
            found.append(f"{_where(path, node)}: calls session.{node.func.attr}")
    return found


def tenant_filter_violations(path: Path, tree: ast.Module, *, may_read_scope: bool) -> list[str]:
    """A service reaching for the caller's client ids, or filtering by the principal itself."""
    found = []
    for node in ast.walk(tree):
        if not may_read_scope and (
                (isinstance(node, ast.Attribute) and node.attr == "client_ids")
                or (isinstance(node, ast.Name) and node.id == "client_ids")):
            found.append(f"{_where(path, node)}: references client_ids")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "in_"
                and any((isinstance(n, ast.Name) and n.id == "principal")
                        or (isinstance(n, ast.Attribute) and n.attr == "client_ids")
                        for arg in node.args for n in ast.walk(arg))):
            found.append(f"{_where(path, node)}: builds its own tenant filter (.in_(principal...))")
    return found


def fastapi_imports(path: Path, tree: ast.Module) -> list[str]:
    return [f"{_where(path, node)}: imports {module}"
            for node, module, _ in _imports_from(tree, ("fastapi", "starlette"))]


def _report(violations: list[str], why: str) -> str:
    return why + ":\n  " + "\n  ".join(violations)


def test_routers_neither_build_nor_run_queries():
    violations = [v for path in _modules(ROUTERS) for v in router_violations(path, _tree(path))]
    assert not violations, _report(violations, "Move these queries into app/services/")


def test_only_access_py_scopes_by_tenant():
    violations = []
    for path in _modules(SERVICES):
        if path.is_relative_to(ACCESS):
            continue
        reader = str(path.relative_to(SERVICES)) in SCOPE_READERS
        violations += tenant_filter_violations(path, _tree(path), may_read_scope=reader)
    assert not violations, _report(
        violations, "Scope through access.scoped_select / get_scoped / require_client_in_scope")


def test_demo_bypasses_scoping_only_through_functions_named_unscoped():
    violations = [f"{_where(path, node)}: public function {node.name} must end in _unscoped"
                  for path in _modules(DEMO) for node in _tree(path).body
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  and not node.name.startswith("_") and not node.name.endswith("_unscoped")]
    assert not violations, _report(violations, "the demo seeder bypasses scoping")


def test_every_table_is_scoped_or_explicitly_not_a_tenant_table():
    scoped = {model.__table__.name for model in TENANT_PATHS}
    tables = set(SQLModel.metadata.tables)
    classes = {m.local_table.name: m.class_ for m in SQLModel._sa_registry.mappers}
    violations = []
    for name in sorted(tables - scoped - set(NON_TENANT_TABLES)):
        cls = classes.get(name)
        where = (f"{Path(inspect.getsourcefile(cls)).relative_to(APP.parent)}:"
                 f"{inspect.getsourcelines(cls)[1]}" if cls else "?")
        violations.append(f"{where}: table {name} is neither in access.TENANT_PATHS nor in "
                          "NON_TENANT_TABLES (tests/test_architecture.py)")
    assert not violations, _report(violations, "A table with no tenant path is denied to all")
    assert not set(NON_TENANT_TABLES) & scoped, "a table is both scoped and non-tenant"
    assert set(NON_TENANT_TABLES) <= tables, "NON_TENANT_TABLES names a table that is gone"


WALL_CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                    ("date", "today"), ("time", "time"), ("time", "time_ns")}
CLOCK_MODULE = APP / "core" / "clock.py"


def wall_clock_reads(path: Path, tree: ast.Module) -> list[str]:
    """Calls that read the wall clock (`datetime.now()`, `date.today()`, `time.time()`...):
    "now" and "today" come from the unit of work's clock (app.core.clock)."""
    return [f"{_where(path, node)}: calls {node.func.value.id}.{node.func.attr}()"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) in WALL_CLOCK_CALLS]


def test_only_the_clock_reads_the_wall_clock():
    violations = [v for path in _modules(APP) if path != CLOCK_MODULE
                  for v in wall_clock_reads(path, _tree(path))]
    assert not violations, _report(
        violations, "Ask the session's clock (app.core.clock.now_of / today_of) instead")


def dialect_branches(path: Path, tree: ast.Module) -> list[str]:
    """Code that tells SQLite from PostgreSQL itself: a dialect's name as a string, or
    `.dialect.name`. Those differences live behind named operations in app/core/sql.py."""
    return [f"{_where(path, node)}: tests the dialect"
            for node in ast.walk(tree)
            if (isinstance(node, ast.Constant) and node.value in ("sqlite", "postgresql"))
            or (isinstance(node, ast.Attribute) and node.attr == "name"
                and isinstance(node.value, ast.Attribute) and node.value.attr == "dialect")]


def test_only_core_sql_tells_the_dialects_apart():
    violations = [v for folder in (SERVICES, DEMO) for path in _modules(folder)
                  for v in dialect_branches(path, _tree(path))]
    assert not violations, _report(violations, "Name the operation in app/core/sql.py")


def test_services_do_not_import_fastapi():
    violations = [v for folder in (SERVICES, APP / "core", DEMO) for path in _modules(folder)
                  for v in fastapi_imports(path, _tree(path))]
    assert not violations, _report(violations, "Services raise app.errors, not HTTP types")


# --- the packages import one way ------------------------------------------------------------

FOUNDATION = {"app.models", "app.core", "app.errors", "app.settings", "app.security"}
GUARDED = FOUNDATION | {"app.services.access"}
DOMAINS = {"identity", "practice", "pipeline", "insights", "coaching", "assessments", "hiring",
           "reporting"}
# Which package may import which (besides itself). Read top down: the demo and the
# integrations sit above the domains, the domains above access, access above the foundation.
# A domain reaches another only where the table says so.
MAY_IMPORT: dict[str, set[str]] = {
    "app.models": set(),
    "app.core": {"app.models", "app.errors"},
    "app.errors": {"app.core"},
    "app.settings": {"app.core"},
    "app.security": {"app.errors", "app.settings", "app.core"},
    "app.services.access": FOUNDATION,
    "app.services.identity": GUARDED,
    "app.services.practice": GUARDED,
    "app.services.pipeline": GUARDED,
    # the quotas in force (practice.in_force)
    "app.services.assessments": GUARDED | {"app.services.practice"},
    # when a review is due; contested accounts for the CRM hygiene; the targets in force
    "app.services.insights": GUARDED | {"app.services.assessments", "app.services.pipeline",
                                        "app.services.practice"},
    "app.services.coaching": GUARDED | {"app.services.insights"},  # the rep's KPI snapshot
    # a hire becomes a rep, with an onboarding plan and an invitation to a login
    "app.services.hiring": GUARDED | {"app.services.practice", "app.services.coaching",
                                      "app.services.identity"},
    # the report reads the figures the other domains serve
    "app.services.reporting": GUARDED | {"app.services.insights", "app.services.assessments"},
    "app.services.integrations": GUARDED | {f"app.services.{d}" for d in DOMAINS},
    "app.demo": GUARDED | {f"app.services.{d}" for d in DOMAINS},
    "app.db": FOUNDATION | {"app.services.integrations"},  # the journals of each flush
    "app.http": GUARDED | {"app.services.integrations"},
    "app.openapi": FOUNDATION | {"app.http"},
    "app.routers": GUARDED | {"app.db", "app.openapi", "app.http", "app.services.integrations"}
    | {f"app.services.{d}" for d in DOMAINS},
}


def package_of(module: str) -> str:
    """The package a module belongs to in MAY_IMPORT (services by domain, the rest by the
    top-level folder or module)."""
    parts = module.split(".")
    if parts[:2] == ["app", "services"] and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def _imported_modules(tree: ast.Module) -> list[tuple[ast.AST, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node, a.name) for a in node.names if a.name.startswith("app.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "app" or node.module.startswith("app.")):
            found += [(node, f"{node.module}.{a.name}") for a in node.names]
    return found


def layering_violations(path: Path, tree: ast.Module) -> list[str]:
    """Imports of a package that this module's package may not import (MAY_IMPORT)."""
    here = package_of(".".join(path.relative_to(APP.parent).with_suffix("").parts))
    if here not in MAY_IMPORT:
        return []
    allowed = MAY_IMPORT[here] | {here}
    return [f"{_where(path, node)}: {here} imports {module}"
            for node, module in _imported_modules(tree)
            if package_of(module) not in allowed and module.rsplit(".", 1)[0] not in allowed]


def test_every_package_is_in_the_import_table():
    packages = {package_of(".".join(p.relative_to(APP.parent).with_suffix("").parts))
                for p in _modules(APP) if "migrations" not in p.parts}
    unknown = packages - set(MAY_IMPORT) - {"app.main", "app.__main__", "app.__init__",
                                             "app.services.__init__"}
    assert not unknown, f"add these packages to MAY_IMPORT: {sorted(unknown)}"


def test_packages_import_one_way():
    violations = [v for path in _modules(APP) if "migrations" not in path.parts
                  for v in layering_violations(path, _tree(path))]
    assert not violations, _report(violations, "This import runs against tests' MAY_IMPORT")


# --- the checks themselves catch what they are meant to ------------------------------------

def _check(check, source: str, **kw) -> list[str]:
    return check(APP / "routers" / "example.py", ast.parse(source), **kw)


def test_the_router_check_catches_select_and_session_queries():
    source = ("from sqlmodel import Session, select\n"
              "def f(session):\n"
              "    session.exec(select(X))\n"
              "    session.get(X, 1)\n"
              "    request.state.session.execute(q)\n")
    found = _check(router_violations, source)
    assert len(found) == 4
    assert found[0] == "app/routers/example.py:1: imports select from sqlmodel"
    assert _check(router_violations, "from sqlmodel import Session\nsettings.get('x')\n") == []


def test_the_tenant_filter_check_catches_client_ids_and_principal_filters():
    source = ("stmt.where(Deal.client_id.in_(principal.client_ids))\n"
              "stmt.where(Deal.client_id.in_(ids_of(principal)))\n")
    assert len(_check(tenant_filter_violations, source, may_read_scope=False)) == 3
    assert len(_check(tenant_filter_violations, source, may_read_scope=True)) == 2


def test_the_clock_check_catches_every_wall_clock_read():
    source = ("datetime.now(UTC)\ndate.today()\ntime.time()\ndatetime.utcnow()\n"
              "clock.now()\ntime.monotonic()\n")
    assert len(_check(wall_clock_reads, source)) == 4


def test_the_layering_check_catches_an_import_against_the_table():
    path = APP / "services" / "pipeline" / "example.py"
    source = ("from app.services.integrations import events\n"
              "from app.services.access.scope import scoped_select\n"
              "from app.core.clock import now_of\n")
    assert layering_violations(path, ast.parse(source)) == [
        "app/services/pipeline/example.py:1: app.services.pipeline imports "
        "app.services.integrations.events"]


def test_the_dialect_check_catches_names_and_dialect_name():
    source = 'if dialect == "sqlite": pass\nsession.get_bind().dialect.name\nx = "sql"\n'
    assert len(_check(dialect_branches, source)) == 2


def test_the_fastapi_check_catches_every_import_form():
    source = "import fastapi\nfrom fastapi import HTTPException\nfrom starlette import status\n"
    assert len(_check(fastapi_imports, source)) == 3
