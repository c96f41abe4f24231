"""The shape of errors/ that keeps it readable (issue 12, STYLE.md): modules
small enough to read whole, imports pointing one way with no cycles, and no
private framework APIs. ruff enforces the complexity bound (C901, 12)."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "errors"
MAX_LINES = 450
PRIVATE_APIS = re.compile(
    r"\._clone\b|_fetch_all|_result_cache|_changeform_view|_get_obj_does_not_exist_redirect"
)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path, known: set[str]) -> set[str]:
    """errors.* modules imported when *path* is imported: module level only,
    `if TYPE_CHECKING:` blocks excluded (they never run)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                base = child.module
                names = [base] + [f"{base}.{alias.name}" for alias in child.names]
            else:
                continue
            found.update(name for name in names if name in known)
    return found


def test_no_module_is_longer_than_a_reader_can_hold():
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_private_framework_api_is_used():
    uses = [
        f"{p.relative_to(PACKAGE.parent)}:{i}"
        for p in modules()
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if PRIVATE_APIS.search(line)
    ]
    assert uses == []


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in modules()}
    known = set(paths)
    return {
        name: top_level_imports(path, known) - {name} for name, path in paths.items()
    }


def test_imports_have_no_cycles():
    graph = import_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize(
    "lower, upper",
    [("errors.search", "errors.web"), ("errors.models", "errors.search")],
)
def test_imports_point_one_way(lower, upper):
    """web -> search -> models: nothing below imports from above."""
    graph = import_graph()
    upward = {
        (name, target)
        for name, targets in graph.items()
        if name == lower or name.startswith(lower + ".")
        for target in targets
        if target == upper or target.startswith(upper + ".")
    }
    assert upward == set()


def test_the_cycle_check_sees_a_cycle(tmp_path):
    # The check itself: two modules importing each other are found.
    (tmp_path / "a.py").write_text("from errors.b import x\n")
    (tmp_path / "b.py").write_text("import errors.a\n")
    known = {"errors.a", "errors.b"}
    assert top_level_imports(tmp_path / "a.py", known) == {"errors.b"}
    assert top_level_imports(tmp_path / "b.py", known) == {"errors.a"}
