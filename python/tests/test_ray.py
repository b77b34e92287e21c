"""backend="ray": shards as Ray tasks on a local 2-CPU cluster started here, merged into the local
sweep's result bit for bit; an unreachable cluster is a clear error at once."""

import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

import truce

import ray  # required here: .ci/run installs it

SCENARIO = "scenarios/geneva-truce.toml"


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield
    ray.shutdown()


def test_an_unreachable_ray_address_is_a_clear_error():
    t0 = time.perf_counter()
    with pytest.raises(truce.RayClusterError, match="127.0.0.1:9 is not reachable") as e:
        truce.sweep(SCENARIO, 10, backend="ray", ray_address="127.0.0.1:9")
    assert time.perf_counter() - t0 < 10
    assert e.value.exit_code == 1
    assert isinstance(e.value, truce.TruceError)
    with pytest.raises(truce.UsageError, match="HOST:PORT"):
        truce.sweep(SCENARIO, 10, backend="ray", ray_address="nowhere")


def test_ray_sweep_equals_the_local_sweep_bit_for_bit(cluster):
    local = truce.sweep(SCENARIO, 40, seed=11, table="all")
    on_ray = truce.sweep(SCENARIO, 40, seed=11, backend="ray", table="all")
    assert on_ray["json"] == local["json"]
    for t in ["draws", "parameters", "bands"]:
        pd.testing.assert_frame_equal(on_ray[t], local[t], check_exact=True)
    a = on_ray["draws"].select_dtypes("float64").to_numpy().view(np.int64)
    b = local["draws"].select_dtypes("float64").to_numpy().view(np.int64)
    assert np.array_equal(a, b)
    # More shards than CPUs, and an uneven split: still the same draws.
    five = truce.sweep(SCENARIO, 40, seed=11, backend="ray", shards=5, table="draws")
    pd.testing.assert_frame_equal(five, local["draws"], check_exact=True)


def test_errors_inside_ray_tasks_raise_the_cli_class(cluster):
    with pytest.raises(truce.InputError, match="no-such-world"):
        truce.sweep(SCENARIO, 4, backend="ray", dataset="no-such-world")
    with pytest.raises(truce.InputError, match="--draws 0"):
        truce.sweep(SCENARIO, 0, backend="ray")


def test_ray_sweep_writes_the_merged_folder(cluster, tmp_path):
    truce.sweep(SCENARIO, 8, seed=2, backend="ray", out=tmp_path / "o")
    local = truce.sweep(SCENARIO, 8, seed=2, out=tmp_path / "l")
    for f in ["result.json", "bands.csv", "draws.csv", "parameters.csv", "draws.parquet"]:
        assert (tmp_path / "o" / f).read_bytes() == (tmp_path / "l" / f).read_bytes(), f


def test_the_module_entry_point_on_a_running_cluster(cluster):
    """`python -m truce.ray_sweep --address HOST:PORT`: a second process joins the cluster this
    test started (the real-cluster path) and prints the local sweep's JSON."""
    import json

    from conftest import ROOT

    address = ray.get_runtime_context().gcs_address
    p = subprocess.run(
        [sys.executable, "-m", "truce.ray_sweep", SCENARIO, "--draws", "6", "--seed", "4",
         "--address", address, "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == truce.sweep(SCENARIO, 6, seed=4, table="json")
    bad = subprocess.run(
        [sys.executable, "-m", "truce.ray_sweep", SCENARIO, "--draws", "6", "--address", "127.0.0.1:9"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode == 1
    assert "error: the Ray cluster at 127.0.0.1:9 is not reachable" in bad.stderr
