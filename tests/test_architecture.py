"""The house rules of docs/architecture.md, checked on the source (parsed with ``ast``).

- Layers within each app: ``models -> queries -> services -> views | api | commands``.
  Nothing but a face imports a face (views, forms, api, pages, admin, urls, template tags,
  management commands); queries never import services; models import neither.
- Apps depend downwards (:data:`APP_DEPENDENCIES`), ``common`` is below all, and there
  are no import cycles between apps.
- Views, API modules and commands do not query the database themselves (no
  ``django.db.models`` import, no ``.objects``).
- aiatlas's own settings are read only where the typed configuration is built.
- Who may do what is decided in ``rules.py``: no ``is_staff`` and no role string
  elsewhere.

Each rule has an explicit allow-list of today's exceptions, one comment each. A new
exception fails its test; an entry that is no longer needed fails ``..._is_current``, so
the lists only shrink.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import django.conf.global_settings

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "aiatlas"

#: app -> the apps it may import ("common" and the top-level helpers are always allowed)
APP_DEPENDENCIES: dict[str, set[str]] = {
    "common": set(),
    "taxonomy": set(),
    "catalog": {"taxonomy"},
    "classify": {"catalog", "taxonomy"},
    "search": {"catalog", "taxonomy"},
    "accounts": {"catalog"},
    "submissions": {"accounts", "catalog", "classify", "search", "taxonomy"},
    "report": {"catalog", "classify", "taxonomy"},
    "survey": {"accounts", "catalog"},
    # the team asks the classifier for a session's SDGs (classify.services, lazily)
    "programme": {"accounts", "catalog", "classify", "taxonomy"},
    # focus groups, initiatives and challenges: link catalog activities and organizations
    "initiatives": {"accounts", "catalog"},
    # principles self-assessment of catalog activities, instruments (linked to initiatives),
    # national policies; a call of submissions says whether it asks for the assessment (and
    # the assessment is filled beside a draft); it adds a chapter to the report and shows
    # the Member State survey's answers on its country pages
    "governance": {"accounts", "catalog", "initiatives", "report", "submissions", "survey"},
    # backup and restore (the whole database; rebuilds the search index); health and
    # metrics read the task queue and the outbox
    "ops": {"search", "accounts"},
}
#: the site's face, which assembles the apps' pages: it may import every app
TOP_APPS = {"web"}
#: top-level modules below every app (they import no app)
BASE_MODULES = {"aiatlas.config"}
#: top-level modules that assemble the project (settings, URL and API roots, entry points)
ASSEMBLY_MODULES = {
    "aiatlas",
    "aiatlas.__main__",
    "aiatlas.settings",
    "aiatlas.settings_test",
    "aiatlas.urls",
    "aiatlas.api",
    "aiatlas.asgi",
    "aiatlas.wsgi",
    "aiatlas.clidocs",
}

#: (importer, imported) app edges the app order forbids, kept for now
APP_EDGE_ALLOWED: dict[tuple[str, str], str] = {}
#: (importer, imported) module edges the layer rule forbids, kept for now
LAYER_ALLOWED: dict[tuple[str, str], str] = {
    ("aiatlas.submissions.queries", "aiatlas.classify.services"): "goal_suggestions reuses "
    "activity_text and describe_evidence; they are pure helpers that belong below services",
}

#: module -> how many ORM uses (a django.db.models import or an ``.objects``) it may hold
ORM_IN_FACES_ALLOWED: dict[str, tuple[int, str]] = {
    "aiatlas.submissions.api": (1, "one submission with its call, organization and activity"),
    "aiatlas.submissions.views": (2, "the call of an edition and the list of calls"),
    "aiatlas.taxonomy.api": (2, "the goals and one goal by number"),
}

#: module -> own settings it may read from django.conf.settings
SETTINGS_READS_ALLOWED: dict[str, tuple[int, str]] = {}
#: modules that build the typed configuration and may read every setting
SETTINGS_MODULES = {"aiatlas.settings", "aiatlas.settings_test", "aiatlas.config"}

#: file -> how many is_staff or role strings it may hold outside rules.py
ROLES_ALLOWED: dict[str, tuple[int, str]] = {}
ROLE_STRINGS = {"admin", "reviewer", "focal_point", "secretariat", "entity_approver"}
STAFF_NAMES = {"is_staff", "is_superuser"}


# -- the source, parsed ----------------------------------------------------------------


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    #: (imported module, line)
    imports: list[tuple[str, int]] = field(default_factory=list)

    @property
    def app(self) -> str | None:
        parts = self.name.split(".")
        if len(parts) > 2 or (PACKAGE / parts[-1]).is_dir():
            return parts[1] if len(parts) > 1 else None
        return None

    @property
    def layer(self) -> str | None:
        return layer_of(self.name)


FACES = ("views", "forms", "api", "pages", "admin", "urls", "templatetags", "management")


def layer_of(name: str) -> str | None:
    """models, queries, services or face, by the module's place in its app."""
    parts = name.split(".")
    if len(parts) < 3:
        return None
    inner = parts[2]
    # views_upload, review_views, review_queries: the layer is the word that names one
    words = {inner, *inner.split("_")}
    if words & {"models", "choices", "exceptions"}:
        return "models"
    for layer in ("queries", "services"):
        if layer in words:
            return layer
    if words & set(FACES):
        return "face"
    return None


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        module = Module(".".join(parts), path, ast.parse(path.read_text("utf-8")))
        found[module.name] = module
    for module in found.values():
        package = module.name.split(".")
        if module.path.name != "__init__.py":
            package = package[:-1]
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    stem = package[: len(package) - node.level + 1]
                    base = ".".join([*stem, *([base] if base else [])])
                # ``from aiatlas.catalog import models`` imports the module catalog.models
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in found else base
                    for alias in node.names
                ]
            else:
                continue
            module.imports += [(t, node.lineno) for t in targets if t.split(".")[0] == "aiatlas"]
    return found


def app_of(name: str) -> str | None:
    module = modules().get(name)
    if module is not None:
        return module.app
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else None


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _compare(found: Counter[str], allowed: dict[str, tuple[int, str]], what: str) -> None:
    new = {k: n for k, n in found.items() if n > allowed.get(k, (0, ""))[0]}
    assert not new, f"new {what} (move it where the rule says, see docs/architecture.md): {new}"


def _stale(found: Counter[str], allowed: dict[str, tuple[int, str]]) -> dict[str, str]:
    return {
        k: f"allowed {n}, found {found.get(k, 0)}"
        for k, (n, _why) in allowed.items()
        if found.get(k, 0) < n
    }


# -- apps and layers ---------------------------------------------------------------------


def test_every_app_has_a_place_in_the_app_order():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    unplaced = apps - set(APP_DEPENDENCIES) - TOP_APPS
    assert not unplaced, f"add to APP_DEPENDENCIES in tests/test_architecture.py: {unplaced}"


def _app_edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for module in modules().values():
        for target, line in module.imports:
            source_app, target_app = module.app, app_of(target)
            if source_app and target_app and source_app != target_app:
                where = f"{_rel(module.path)}:{line} imports {target}"
                edges.setdefault((source_app, target_app), []).append(where)
    return edges


def test_apps_depend_downwards_only():
    wrong = [
        where
        for (source, target), wheres in _app_edges().items()
        if source not in TOP_APPS
        and target not in APP_DEPENDENCIES.get(source, set()) | {"common"}
        and (source, target) not in APP_EDGE_ALLOWED
        for where in wheres
    ]
    assert not wrong, "imports against the app order:\n" + "\n".join(wrong)


def test_app_edge_allow_list_is_current():
    edges = _app_edges()
    stale = [edge for edge in APP_EDGE_ALLOWED if edge not in edges]
    assert not stale, f"no longer needed, remove from APP_EDGE_ALLOWED: {stale}"


def test_no_import_cycles_between_apps():
    graph: dict[str, set[str]] = {}
    for source, target in _app_edges():
        graph.setdefault(source, set()).add(target)
    for source, targets in APP_DEPENDENCIES.items():
        graph.setdefault(source, set()).update(targets)

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return [*path, start]
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        return None

    cycles = {frozenset(c): c for app in sorted(graph) if (c := cycle_from(app))}
    assert not cycles, f"import cycles between apps: {list(cycles.values())}"


def test_base_modules_import_no_app():
    wrong = [
        f"{_rel(modules()[name].path)}:{line} imports {target}"
        for name in BASE_MODULES | {m for m in modules() if app_of(m) == "common"}
        for target, line in modules()[name].imports
        if app_of(target) not in {None, "common"}
    ]
    assert not wrong, wrong


def _layer_violations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for module in modules().values():
        if module.name in ASSEMBLY_MODULES:
            continue
        for target, line in module.imports:
            mine, theirs = module.layer, layer_of(target)
            why = None
            if theirs == "face" and mine != "face":
                why = "only a face (views, forms, api, pages, commands …) imports a face"
            elif mine == "queries" and theirs == "services":
                why = "queries never import services"
            elif mine == "models" and theirs in {"queries", "services"}:
                why = "models import neither queries nor services"
            if why:
                found[(module.name, target)] = f"{_rel(module.path)}:{line}: {why}"
    return found


def test_layers_import_downwards_only():
    wrong = {k: v for k, v in _layer_violations().items() if k not in LAYER_ALLOWED}
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong.values())


def test_layer_allow_list_is_current():
    stale = set(LAYER_ALLOWED) - set(_layer_violations())
    assert not stale, f"no longer needed, remove from LAYER_ALLOWED: {stale}"


# -- heavy libraries load when they are used ------------------------------------------

#: what ruff's TID253 bans at module level (pyproject.toml); lxml comes with python-docx
HEAVY = ["typst", "vl_convert", "altair", "pyxform", "docx", "openpyxl", "sklearn", "wordllama"]
HEAVY += ["numpy", "lxml"]
LOAD_EVERYTHING = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
import aiatlas.api, aiatlas.urls
from django.core.management import get_commands, load_command_class
for name, app in get_commands().items():
    if app.startswith("aiatlas."):
        load_command_class(app, name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_heavy_libraries_are_not_loaded_by_urls_views_and_commands(tmp_path):
    """Loading every URL, view, API router and command (what ``aiatlas --help`` and the
    first page request do) imports none of the heavy libraries."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIATLAS_")}
    env |= {"AIATLAS_DATA_DIR": str(tmp_path), "AIATLAS_ENV": "test", "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_EVERYTHING], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"django", "aiatlas", "rich"} <= loaded
    assert not loaded & set(HEAVY), f"loaded at start: {sorted(loaded & set(HEAVY))}"


# -- no ORM in views, API modules and commands ------------------------------------------


def _is_orm_face(name: str) -> bool:
    parts = name.split(".")
    return len(parts) > 2 and (
        parts[2] in {"views", "api"} or parts[2:4] == ["management", "commands"]
    )


def _is_orm(node: ast.AST) -> bool:
    """``.objects`` or an import of django.db.models (``from django.db import models``)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "objects"
    if isinstance(node, ast.Import):
        return any(a.name.startswith("django.db.models") for a in node.names)
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return module.startswith("django.db.models") or (
            module == "django.db" and any(a.name == "models" for a in node.names)
        )
    return False


def _orm_uses() -> Counter[str]:
    found: Counter[str] = Counter()
    for module in modules().values():
        if _is_orm_face(module.name):
            found[module.name] += sum(_is_orm(node) for node in ast.walk(module.tree))
    return +found


def test_views_api_and_commands_do_not_query_the_database():
    _compare(_orm_uses(), ORM_IN_FACES_ALLOWED, "ORM use in a view, API module or command")


def test_orm_allow_list_is_current():
    stale = _stale(_orm_uses(), ORM_IN_FACES_ALLOWED)
    assert not stale, f"fewer ORM uses than allowed: lower ORM_IN_FACES_ALLOWED: {stale}"


# -- settings through the typed configuration -------------------------------------------


@cache
def own_settings() -> frozenset[str]:
    """Settings that aiatlas defines (not Django's, not a library's)."""
    tree = modules()["aiatlas.settings"].tree
    names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.isupper()
    }
    libraries = ("AXES_", "WHITENOISE_", "TASKS", "SIMPLE_HISTORY_", "NINJA_")
    return frozenset(
        n
        for n in names
        if not hasattr(django.conf.global_settings, n) and not n.startswith(libraries)
    )


def _is_settings(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "settings"


def _is_settings_read(node: ast.AST) -> bool:
    """``settings.SITE_URL`` (an aiatlas setting) or any ``getattr(settings, …)``."""
    if isinstance(node, ast.Attribute) and _is_settings(node.value):
        return node.attr in own_settings() or node.attr.startswith("AIATLAS_")
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
        and bool(node.args)
        and _is_settings(node.args[0])
    )


def _settings_reads() -> Counter[str]:
    found: Counter[str] = Counter()
    for module in modules().values():
        if module.name not in SETTINGS_MODULES:
            found[module.name] += sum(_is_settings_read(n) for n in ast.walk(module.tree))
    return +found


def test_own_settings_are_known():
    assert {"CONFIG", "SITE_URL", "DATA_DIR"} <= own_settings()
    assert "LANGUAGE_CODE" not in own_settings()  # Django's own: read it from settings


def test_settings_are_read_through_the_typed_config():
    _compare(_settings_reads(), SETTINGS_READS_ALLOWED, "read of an aiatlas setting")


def test_settings_allow_list_is_current():
    stale = _stale(_settings_reads(), SETTINGS_READS_ALLOWED)
    assert not stale, f"fewer settings reads than allowed: lower SETTINGS_READS_ALLOWED: {stale}"


# -- who may do what: rules.py only -------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _role_allowed_file(path: Path) -> bool:
    return path.name in {"rules.py", "choices.py"}


TEMPLATE_ROLE = re.compile(
    r"\b(?:is_staff|is_superuser)\b|[\"'](?:" + "|".join(sorted(ROLE_STRINGS)) + r")[\"']"
)


def _is_role(node: ast.AST, skip: set[int]) -> bool:
    """``.is_staff`` / ``.is_superuser``, or a role string that is no docstring or key."""
    if isinstance(node, ast.Attribute):
        return node.attr in STAFF_NAMES
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in ROLE_STRINGS | STAFF_NAMES
        and id(node) not in skip
    )


def _role_uses() -> Counter[str]:
    found: Counter[str] = Counter()
    for module in modules().values():
        if _role_allowed_file(module.path):
            continue
        docs = _docstrings(module.tree)
        keys = {
            id(key)
            for node in ast.walk(module.tree)
            if isinstance(node, ast.Dict)
            for key in node.keys
            if key is not None and not (isinstance(key, ast.Constant) and key.value in STAFF_NAMES)
        }  # a dict key names a field ("reviewer": user), not a role; "is_staff" keys count
        skip = docs | keys
        found[_rel(module.path)] += sum(_is_role(n, skip) for n in ast.walk(module.tree))
    for path in PACKAGE.rglob("templates/**/*.html"):
        count = len(TEMPLATE_ROLE.findall(path.read_text("utf-8")))
        if count:
            found[_rel(path)] += count
    return +found


def test_roles_and_is_staff_only_in_rules():
    _compare(_role_uses(), ROLES_ALLOWED, "is_staff or role string outside rules.py")


def test_roles_allow_list_is_current():
    stale = _stale(_role_uses(), ROLES_ALLOWED)
    assert not stale, f"fewer role checks than allowed: lower ROLES_ALLOWED: {stale}"


# -- each app's tables are its own ---------------------------------------------------------

#: tables created by migrations without a model, by the app that owns them
RAW_TABLES = {
    "catalog": {"catalog_state", "catalog_change"},
    "search": {"search_state", "search_change", "search_fts", "search_fts_vocab"},
}


@cache
def tables() -> dict[str, set[str]]:
    """app -> its tables (its models' and its migrations' raw ones)."""
    from django.apps import apps

    found: dict[str, set[str]] = {k: set(v) for k, v in RAW_TABLES.items()}
    for model in apps.get_models(include_auto_created=True):
        if model.__module__.startswith("aiatlas."):
            found.setdefault(model._meta.app_label, set()).add(model._meta.db_table)
    return found


@cache
def field_names() -> dict[str, set[str]]:
    """app -> the names and columns of its models' fields (``programme_event`` is a field
    of an initiatives meeting and also the programme's table)."""
    from django.apps import apps

    found: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        names = found.setdefault(model._meta.app_label, set())
        for f in model._meta.get_fields():
            names |= {f.name, getattr(f, "column", None) or f.name}
    return found


def _table_pattern(app: str) -> re.Pattern[str]:
    others = sorted(t for a, names in tables().items() if a != app for t in names)
    return re.compile(r"\b(?:" + "|".join(others) + r")\b")


#: (app, another app's table) pairs still named in SQL, kept for now
FOREIGN_TABLES_ALLOWED: dict[tuple[str, str], str] = {}


def _foreign_tables() -> dict[tuple[str, str], str]:
    """(app, table of another app) for every string (no docstring) of an app's code or
    migrations that names another app's table: SQL reads another app's tables only through
    that app's queries (``catalog.index_queries`` for the search's facet engine)."""
    found: dict[tuple[str, str], str] = {}
    for app in tables():
        table = _table_pattern(app)
        for path in sorted((PACKAGE / app).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if id(node) in skip or node.value in field_names().get(app, set()):
                        continue
                    for name in table.findall(node.value):
                        found.setdefault((app, name), f"{_rel(path)}:{node.lineno}")
    return found


def test_sql_names_only_the_apps_own_tables():
    wrong = {k: v for k, v in _foreign_tables().items() if k not in FOREIGN_TABLES_ALLOWED}
    assert not wrong, "another app's table named in SQL (read it through its queries):\n" + (
        "\n".join(f"{where}: {app} names {name}" for (app, name), where in wrong.items())
    )


def test_foreign_table_allow_list_is_current():
    stale = set(FOREIGN_TABLES_ALLOWED) - set(_foreign_tables())
    assert not stale, f"no longer needed, remove from FOREIGN_TABLES_ALLOWED: {stale}"


def test_the_table_check_sees_a_catalog_table_in_search_sql():
    """The check itself: the search's old facet SQL would fail it, its own tables pass."""
    table = _table_pattern("search")
    assert table.findall("SELECT activity_id, goal_id FROM catalog_activitygoal g") == [
        "catalog_activitygoal"
    ]
    assert table.findall("JOIN catalog_activity_co_leads c") == ["catalog_activity_co_leads"]
    assert table.findall("SELECT version FROM search_state; search_url") == []
