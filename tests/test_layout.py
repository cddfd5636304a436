"""The test suite's own layout: helpers live in tests/helpers.py, tests/e2e/helpers.py and the conftests, so no
test module imports another (a test module imported elsewhere runs its tests twice and hides where a helper is)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(source: str, package: str) -> list[str]:
    """The modules ``source`` (a module of ``package``) imports, absolute or relative, at any depth (a function
    may import lazily)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            # ``from tests import test_x`` imports the module too
            found += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return found


def is_test_module(name: str) -> bool:
    return name.split(".")[0] == "tests" and name.rsplit(".", 1)[-1].startswith("test_")


def test_no_test_module_imports_another():
    offenders = {f"{path.relative_to(TESTS.parent)} imports {name}" for path in TESTS.rglob("*.py")
                 for name in imported_modules(path.read_text(encoding="utf-8"),
                                              ".".join(path.relative_to(TESTS.parent).parent.parts))
                 if is_test_module(name)}
    assert not offenders, sorted(offenders)


def test_the_check_sees_every_form_of_import():
    forms = ["from tests.test_register import post", "import tests.e2e.test_sign_in",
             "from tests import test_pending", "from .test_reports import pdf_text",
             "from ..test_reports import pdf_text",
             "def helper():\n    from tests.e2e.test_register import hand_in\n"]
    for form in forms:
        assert any(is_test_module(name) for name in imported_modules(form, "tests.e2e")), form
    allowed = "from tests.helpers import sign_in\nfrom tests.e2e.helpers import hand_in\nfrom . import helpers\n"
    assert not any(is_test_module(name) for name in imported_modules(allowed, "tests.e2e"))
