"""`wijzer` in the test process: the same argv, exit code and output as the command, without a new interpreter.

A child process pays for Python, the imports and the embedder once more per call; tests that only read what
the command prints call `interfaces.cli.main` here. `tests/test_ingest.py` keeps one run of the installed
`wijzer` entry point as a real process, and the crash-safety tests kill real ones.
"""
from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str


def wijzer(*args: str) -> CliRun:
    """`wijzer *args` through `interfaces.cli.main`; `sys.exit(n)` inside it becomes the return code n."""
    from interfaces.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return CliRun(code, out.getvalue(), err.getvalue())


def installed_wijzer() -> list[str]:
    """The `wijzer` console script of the running interpreter's environment (what `pip install` made)."""
    script = Path(sys.executable).parent / "wijzer"
    assert script.exists(), f"{script}: install the project first (make install)"
    return [str(script)]


def checkout_env() -> dict:
    """The environment for the installed script, importing this checkout's code (it may be another worktree's
    editable install)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
