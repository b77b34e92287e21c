"""Fixtures: the repository root as working directory (scenario paths as in the README) and the
`truce` binary to compare against (TRUCE_BIN, default target/release/truce)."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def truce_bin() -> str:
    b = os.environ.get("TRUCE_BIN") or str(ROOT / "target" / "release" / "truce")
    if not Path(b).exists():
        pytest.fail(f"the truce binary {b} is missing: `cargo build --release -p truce-cli` (or set TRUCE_BIN)")
    return b


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI from the repository root; returns the finished process."""
    return subprocess.run([truce_bin(), *args], cwd=ROOT, capture_output=True, text=True)


def cli_json(*args: str) -> dict:
    p = cli(*args, "--format", "json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def cli_error(*args: str) -> tuple:
    """(exit code, message) of a failing CLI call: the message without `error: `."""
    p = cli(*args)
    assert p.returncode != 0, p.stdout
    msg = p.stderr.strip()
    assert msg.startswith("error: "), msg
    return p.returncode, msg[len("error: "):]


TIMING_FIELDS = {"elapsed_ms", "elapsed_s"}
# The games' notes end with the search's wall-clock time ("…; 0.3 s.").
TIMING_IN_TEXT = re.compile(r"\b\d+(\.\d+)? s\.$")


def without_timings(v):
    """A JSON value without its wall-clock fields and times (they differ between any two runs)."""
    if isinstance(v, dict):
        return {k: without_timings(x) for k, x in v.items() if k not in TIMING_FIELDS}
    if isinstance(v, list):
        return [without_timings(x) for x in v]
    if isinstance(v, str):
        return TIMING_IN_TEXT.sub("<time> s.", v)
    return v
