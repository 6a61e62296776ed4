"""The import contracts (pyproject.toml, [tool.importlinter]) hold on the tree and catch a
reversed import; the tree has no import cycle (tools/import_cycles.py).

`lint-imports` reads the source, it does not import it, so a copy of the apps in a temporary
folder with one import added is enough to show a contract failing.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every app the contracts name: a copy without one of them cannot be checked.
APPS = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root):
    """Run lint-imports on the apps under `root` with the project's contracts."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def tree_copy(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(path, line):
    path.write_text(path.read_text() + f"\n{line}\n")


def test_contracts_kept_by_the_tree(tree_copy):
    result = lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # The shared leaf importing an app above it.
        ("home/i18n.py", "from events.reads import listings", "Apps depend downwards"),
        # events importing the app that inherits its EventHost mark.
        ("events/reads/hosts.py", "import chapters.models", "Apps depend downwards"),
        # The domain importing a reader.
        (
            "events/domain/recurrence.py",
            "from events.reads import occurrences",
            "Inside events",
        ),
        # A reader importing a surface.
        ("events/reads/listings.py", "from events.calendar import feeds", "Inside events"),
    ],
)
def test_reversed_import_breaks_a_contract(tree_copy, module, line, contract):
    add_import(tree_copy / module, line)
    result = lint_imports(tree_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 broken" not in result.stdout
    assert f"{contract}" in result.stdout
    # The report names the reversed import itself.
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} ->" in result.stdout


def test_no_import_cycle_among_project_modules():
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(ROOT / "tools" / "import_cycles.py"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 import cycles among modules" in result.stdout
    assert "0 import cycles among apps" in result.stdout
    # Wagtail's form and panels, named by the models (the contract's two ignored imports), make
    # the one cycle left between events' packages; no module imports another in a circle.
    assert "cycle among packages of events: events.admin, events.models, events.reads" in (
        result.stdout
    )
