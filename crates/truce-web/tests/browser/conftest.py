"""Fixtures of the browser tests: a `truce serve` started by the test, and Debian's Chromium
driven by Playwright (never a downloaded browser).

Environment: TRUCE_BIN (default target/release/truce), CHROMIUM (default /usr/bin/chromium),
TRUCE_SCREENSHOTS (default target/screenshots).
"""
import os
import pathlib
import signal
import subprocess
import tempfile
import time

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[4]
BIN = pathlib.Path(os.environ.get("TRUCE_BIN", ROOT / "target" / "release" / "truce"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = pathlib.Path(os.environ.get("TRUCE_SCREENSHOTS", ROOT / "target" / "screenshots"))


@pytest.fixture(scope="session")
def server():
    """`truce serve` on a free loopback port; at the end, SIGTERM must stop it cleanly."""
    assert BIN.exists(), f"{BIN} is missing: run `cargo build --release -p truce-cli` first"
    proc = subprocess.Popen(
        [str(BIN), "serve", "--addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert "dashboard at http://" in line, f"unexpected first line {line!r}: {proc.stderr.read()}"
    url = line.split("dashboard at ")[1].split()[0].rstrip("/")
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("truce serve did not stop within 15 s of SIGTERM")
    assert code == 0, f"truce serve exited with {code}: {proc.stderr.read()}"


@pytest.fixture(scope="session")
def browser():
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        # A persistent context is the only way to give Chromium its own --user-data-dir.
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield ctx
        ctx.close()


@pytest.fixture()
def page(browser):
    pg = browser.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    pg.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def wait_until(fn, timeout=30.0, what="condition"):
    t = time.time()
    while time.time() - t < timeout:
        v = fn()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
