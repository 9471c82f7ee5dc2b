"""The layers of docs/architecture.md, held: every import of a consult module
goes down (or sideways within its own package), never up, and sits at the top
of its file, where a reader sees it.

A package's web side (its ``views`` and ``*_views`` modules, the blueprint in
its ``__init__``, and the command line) is the top layer: it may call any
package's services. Services obey the package order below."""

from __future__ import annotations

import ast
from pathlib import Path

CONSULT = Path(__file__).resolve().parents[1] / "consult"

# Lowest first. A module may import from its own layer or any layer below.
LAYERS: list[set[str]] = [
    {"config", "db", "i18n", "vocabulary", "signals", "migrate"},
    {"extensions", "forms"},
    {"audit", "privacy"},
    {"detect"},
    {"consultations", "meetings", "groups", "auth", "help"},
    {"participate"},
    {"moderate", "safeguarding", "themes", "live"},
    {"summarize", "results", "export", "progress", "reports"},
    {"staff", "chair", "admin", "author", "demo", "models", "web", "cli", "app", "__init__"},
]
TOP = len(LAYERS) - 1
# Heavy optional libraries may be imported inside the function that needs
# them, so that a participant's page never pays for loading them.
# The modules of consult that exist to hold one of them count as heavy too.
LAZY_ALLOWED = {"rvgsrust_xlsxwriter", "docx", "sklearn", "matplotlib", "numpy", "scipy", "PIL",
                "arabic_reshaper", "bidi", "consult.themes.suggest",
                "consult.export.xlsx_format", "consult.export.charts",
                "consult.reports.consultation", "consult.reports.meeting",
                "consult.reports.period", "consult.reports.document"}


def _lazy_allowed(target: str) -> bool:
    parts = target.split(".")
    return any(".".join(parts[:n]) in LAZY_ALLOWED for n in range(1, len(parts) + 1))


def _is_module(dotted: str) -> bool:
    path = CONSULT.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _layer_of_package(package: str) -> int:
    for n, names in enumerate(LAYERS):
        if package in names:
            return n
    raise AssertionError(f"consult/{package} is in no layer of tests/test_layers.py: "
                         "add it where it belongs (and to docs/architecture.md)")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(CONSULT.parent).with_suffix("").parts)


def _is_web_side(module: str) -> bool:
    last = module.split(".")[-1]
    return last in {"views", "cli"} or last.endswith("_views")


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # consult itself: the application factory
        return TOP
    if _is_web_side(module):
        return TOP
    return _layer_of_package(parts[1])


def _imports(tree: ast.AST) -> list[tuple[ast.stmt, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from consult.pkg import x` may name a module x of the package.
            modules = [f"{node.module}.{alias.name}" for alias in node.names
                       if node.module.startswith("consult")
                       and _is_module(f"{node.module}.{alias.name}")]
            names = [alias.name for alias in node.names
                     if f"{node.module}.{alias.name}" not in modules]
            found.extend((node, module) for module in modules)
            if names:
                found.append((node, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node, alias.name) for alias in node.names)
    return found


def _all_modules() -> list[Path]:
    return sorted(CONSULT.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    for path in CONSULT.iterdir():
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        if path.is_dir() and (path / "__init__.py").exists() or path.suffix == ".py":
            _layer_of_package(path.stem if path.suffix == ".py" else path.name)


def test_no_import_goes_up_a_layer() -> None:
    wrong = []
    for path in _all_modules():
        module = _module_name(path)
        own_package = module.split(".")[1] if "." in module else ""
        for node, target in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if not target.startswith("consult."):
                continue
            target_package = target.split(".")[1]
            if target_package == own_package:
                # Within a package, services never reach up to the web side.
                if _is_web_side(target) and not _is_web_side(module) \
                        and not path.name == "__init__.py":
                    wrong.append(f"{module}:{node.lineno} imports {target}")
                continue
            if _layer(target) > _layer(module):
                wrong.append(f"{module}:{node.lineno} imports {target} (layer "
                             f"{_layer(target)} above {_layer(module)})")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(set(wrong)))


def test_consult_imports_sit_at_the_top_of_the_file() -> None:
    hidden = []
    for path in _all_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in ast.walk(tree):
            if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for node, target in _imports(scope):
                if not _lazy_allowed(target):
                    hidden.append(f"{_module_name(path)}:{node.lineno} imports {target} "
                                  "inside a function")
    assert not hidden, "\n".join(sorted(set(hidden)))


def test_no_two_modules_import_each_other() -> None:
    graph: dict[str, set[str]] = {}
    names = {_module_name(p).removesuffix(".__init__") for p in _all_modules()}
    for path in _all_modules():
        module = _module_name(path).removesuffix(".__init__")
        targets = set()
        for _node, target in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != module:
                targets.add(target)
        graph[module] = targets
    pairs = sorted({tuple(sorted((a, b))) for a, targets in graph.items() for b in targets
                    if a in graph.get(b, set()) and not (a.startswith(b + ".")
                                                         or b.startswith(a + "."))})
    assert not pairs, f"modules that import each other: {pairs}"


def test_a_disclosure_signal_is_always_heard() -> None:
    """Importing only the journey's service still connects safeguarding's
    receiver: the package imports the whole application first, so a
    disclosure can never be sent into silence (docs/privacy.md#rule-8)."""
    import subprocess
    import sys

    probe = ("import consult.participate.service as s, consult.signals as g; "
             "print(len(g.disclosure_detected.receivers), len(g.answers_rewritten.receivers),"
             " len(g.consultation_replacing.receivers))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=CONSULT.parent).stdout.split()
    assert [int(n) for n in out] == [1, 1, 1]
