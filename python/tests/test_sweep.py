"""truce.sweep equals `truce sweep` per draw for the same seed; bad input raises the CLI's message."""

import numpy as np
import pandas as pd
import pytest

import truce
from conftest import cli, cli_error

SCENARIO = "scenarios/geneva-truce.toml"
DRAWS, SEED = 24, 7


@pytest.fixture(scope="module")
def cli_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "sweep"
    p = cli("sweep", SCENARIO, "--draws", str(DRAWS), "--seed", str(SEED), "--out", str(out), "--format", "json")
    assert p.returncode == 0, p.stderr
    import json

    return json.loads(p.stdout), out


def bits(a):
    """The float64 bit patterns (NaN compared as bits too)."""
    return np.asarray(a, dtype=np.float64).view(np.int64)


def test_sweep_draws_equal_the_cli_per_draw(cli_sweep):
    _, out = cli_sweep
    want = pd.read_csv(out / "draws.csv", keep_default_na=False, na_values=[""])
    got = truce.sweep(SCENARIO, DRAWS, seed=SEED, table="draws")
    assert list(got.columns) == list(want.columns)
    assert got["draw"].dtype == np.int64
    assert list(got["draw"]) == list(want["draw"])
    assert list(got["step"]) == list(want["step"]) and list(got["region"]) == list(want["region"])
    for c in want.columns[4:]:
        assert np.array_equal(bits(got[c]), bits(want[c])), c
    params = truce.sweep(SCENARIO, DRAWS, seed=SEED, table="parameters")
    want_p = pd.read_csv(out / "parameters.csv")
    assert np.array_equal(bits(params["value"]), bits(want_p["value"]))


def test_sweep_bands_and_json_equal_the_cli(cli_sweep):
    want, _ = cli_sweep
    tables = truce.sweep(SCENARIO, DRAWS, seed=SEED, table="all")
    assert tables["json"] == want  # the sweep's JSON holds no timings: byte-stable
    bands = tables["bands"]
    assert list(bands.columns) == ["step", "region", "outcome", "point", "median", "p5", "p95", "n"]
    assert len(bands) == len(want["bands"])
    for col in ["point", "median", "p5", "p95"]:
        assert list(bands[col].fillna(-1e300)) == [
            -1e300 if b[col] is None else b[col] for b in want["bands"]
        ], col
    assert bands.attrs["seed"] == SEED and bands.attrs["draws"] == DRAWS


def test_shards_merged_in_python_equal_the_whole_sweep(tmp_path):
    whole = truce.sweep(SCENARIO, 10, seed=3, table="draws")
    dirs = []
    for k in (1, 2):
        d = tmp_path / f"s{k}"
        truce.sweep(SCENARIO, 10, seed=3, shard=f"{k}/2", out=d)
        dirs.append(d)
    merged = truce.sweep_merge(dirs, table="draws")
    pd.testing.assert_frame_equal(merged, whole)


def test_bad_sweeps_raise_the_cli_message(tmp_path):
    code, msg = cli_error("sweep", SCENARIO, "--draws", "0")
    with pytest.raises(truce.InputError) as e:
        truce.sweep(SCENARIO, 0)
    assert str(e.value) == msg and code == 1
    with pytest.raises(truce.UsageError, match="shard 3 of 2 does not exist"):
        truce.sweep(SCENARIO, 10, shard="3/2", out=tmp_path / "x")
    assert not (tmp_path / "x").exists()
    with pytest.raises(truce.UsageError, match="backend"):
        truce.sweep(SCENARIO, 10, backend="dask")
