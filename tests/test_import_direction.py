"""The app graph runs one way: read every module's imports and check its arrows.

Every ``import`` counts, at module level or inside a function, in migrations too: an
import placed in a function still ties the two apps together. An app that does not
exist (yet) is simply not scanned.
"""

import ast
import functools
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "showsite",
    "catalog",
    "articles",
    "comments",
    "images",
    "livefacts",
    "newsroom",
    "follows",
    "jobs",
    "accounts",
    "bench",
)
# The composition layer and the benchmark may import any app; two apps of the rest
# must not import each other.
COMPOSERS = {"showsite", "bench"}


def imported_modules(source: str, module: str, *, is_package: bool) -> set[str]:
    """Every module ``source`` (the text of ``module``) imports, anywhere in it,
    relative imports made absolute."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.add(".".join([*base, *([node.module] if node.module else [])]))
            else:
                found.add(node.module)
    return found


def app_of(module: str) -> str | None:
    top = module.partition(".")[0]
    return top if top in APPS else None


@functools.cache
def edges() -> tuple[tuple[str, str], ...]:
    """(importing module, imported module) for every import of a project module."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            module = ".".join(parts[:-1] if is_package else parts)
            source = path.read_text(encoding="utf-8")
            for target in imported_modules(source, module, is_package=is_package):
                found.append((module, target))
    return tuple(found)


def between(importers, imported) -> list[str]:
    """Readable ``module → module`` lines for imports from apps ``importers`` of
    modules in apps ``imported`` (an app's imports of itself excluded)."""
    return [
        f"{module} → {target}"
        for module, target in edges()
        if app_of(module) in importers
        and app_of(target) in imported
        and app_of(target) != app_of(module)
    ]


def report(lines: list[str]) -> str:
    return "\n" + "\n".join(lines)


def test_the_scanner_finds_imports_inside_functions_and_resolves_relative_ones():
    source = (
        "import os\n"
        "from .models import Show\n"
        "def view():\n"
        "    from articles.models import Article\n"
        "    from .. import core\n"
    )
    assert imported_modules(source, "catalog.sub.views", is_package=False) == {
        "os",
        "catalog.sub.models",
        "articles.models",
        "catalog",
    }
    assert imported_modules("from . import x", "catalog", is_package=True) == {
        "catalog"
    }
    assert ("catalog.models", "catalog.models.shows") in edges()


def test_catalog_knows_nothing_of_articles_comments_or_livefacts():
    offending = between({"catalog"}, {"articles", "comments", "livefacts"})
    assert not offending, report(offending)


def test_no_app_imports_showsite():
    offending = between(set(APPS) - COMPOSERS, {"showsite"})
    assert not offending, report(offending)


def test_core_imports_no_app():
    offending = between({"core"}, set(APPS))
    assert not offending, report(offending)


def test_no_two_apps_import_each_other():
    offending = []
    for a, b in combinations(sorted(set(APPS) - COMPOSERS), 2):
        a_to_b, b_to_a = between({a}, {b}), between({b}, {a})
        if a_to_b and b_to_a:
            offending += [f"{a} ↔ {b}:", *a_to_b, *b_to_a]
    assert not offending, report(offending)


def test_nothing_in_production_imports_bench():
    offending = between(set(APPS) - {"bench"}, {"bench"})
    assert not offending, report(offending)


# The graph the README's layout section draws: each app may import these apps only.
ALLOWED = {
    "core": set(),
    "jobs": set(),
    "images": {"jobs", "core"},
    "catalog": {"images", "core"},
    "livefacts": {"catalog", "images", "core"},
    "articles": {"livefacts", "catalog", "images", "core"},
    "comments": {"articles", "catalog", "jobs", "core"},
    "newsroom": {"articles", "livefacts", "catalog", "jobs", "core"},
    "follows": {"articles", "catalog", "jobs", "core"},
    "accounts": {"jobs", "core"},
    "showsite": set(APPS) - {"showsite", "bench"},
    "bench": set(APPS) - {"bench"},
}


def test_each_app_imports_only_what_the_layout_allows():
    offending = []
    for app, allowed in ALLOWED.items():
        offending += between({app}, set(APPS) - allowed - {app})
    assert not offending, report(offending)


def test_livefacts_never_imports_articles():
    """Articles call live facts; live facts know the article only through the
    LIVEFACTS_DOCUMENT_MODEL setting."""
    offending = between({"livefacts"}, {"articles"})
    assert not offending, report(offending)
