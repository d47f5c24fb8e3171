"""The layering is a contract (import-linter, `[tool.importlinter]` in pyproject.toml): a reach across layers fails."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("index", "ingest", "assistant", "features", "interfaces", "evals", "benchmarks", "devtools")
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_a_reach_across_layers_breaks_a_contract(tmp_path):
    for name in PACKAGES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    words = tmp_path / "index" / "words.py"  # the bottom layer reaching up into the answer step
    words.write_text(words.read_text(encoding="utf-8") + "\nfrom assistant.answer import Quote  # noqa\n",
                     encoding="utf-8")
    run = _lint(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "index.words -> assistant.answer" in run.stdout
