"""truce.run, truce.timeline: DataFrames with the CLI's values; errors with the CLI's message."""

import math

import numpy as np
import pandas as pd
import pytest

import truce
from conftest import cli_error, cli_json, without_timings

SCENARIO = "scenarios/geneva-truce.toml"

COUNTRY_COLUMNS = [
    "step", "date", "reference", "code", "name", "welfare_pct", "welfare_measure",
    "real_income_pct", "first_order_welfare_pct", "terms_of_trade_pct",
    "volume_of_trade_pct", "real_wage_pct", "wage_pct", "price_index_pct", "income_pct",
    "exports_pct", "imports_pct",
]


def same(a, b):
    """Equal numbers (NaN for JSON null), equal text."""
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    if isinstance(b, float):
        return float(a) == b
    return a == b


@pytest.fixture(scope="module")
def run_cli():
    return cli_json("run", SCENARIO)


def test_run_returns_the_countries_table_with_the_cli_values(run_cli):
    df = truce.run(SCENARIO)
    assert isinstance(df, pd.DataFrame)
    for c in COUNTRY_COLUMNS:
        assert c in df.columns, (c, list(df.columns))
    assert df["welfare_pct"].dtype == np.float64
    steps = run_cli["steps"]
    assert len(df) == sum(len(s["countries"]) for s in steps)
    assert list(dict.fromkeys(df["step"])) == [s["name"] for s in steps]
    k = 0
    for s in steps:
        for c in s["countries"]:
            row = df.iloc[k]
            assert row["step"] == s["name"] and row["code"] == c["code"]
            for field, v in c.items():
                if isinstance(v, (dict, list)):
                    continue
                assert same(row[field], v), (s["name"], c["code"], field, row[field], v)
            k += 1
    by_partner = truce.run(SCENARIO, table="by_partner")
    assert list(by_partner.columns) == ["measure", "step", "date", "reference", "code", "partner", "pct"]
    want = [
        (m, s["name"], c["code"], p, v)
        for m in ["terms_of_trade", "volume_of_trade"]
        for s in steps
        for c in s["countries"]
        for p, v in c[f"{m}_by_partner_pct"].items()
    ]
    assert list(zip(*(by_partner[k] for k in ["measure", "step", "code", "partner", "pct"]))) == want
    assert df.attrs["command"] == "run"
    assert df.attrs["scenario"] == run_cli["scenario"]
    assert df.attrs["dataset"] == "world2024"
    assert df.attrs["schema_version"] == run_cli["schema_version"]


def test_run_json_is_the_cli_json(run_cli):
    out = truce.run(SCENARIO, table="json")
    assert without_timings(out) == without_timings(run_cli)


def test_run_other_tables(run_cli):
    tables = truce.run(SCENARIO, table="all")
    assert set(tables) == set(truce.TABLES["run"]) | {"json"}
    steps = tables["steps"]
    assert list(steps["step"]) == [s["name"] for s in run_cli["steps"]]
    assert list(steps["us_tariff_on_chn_pct"]) == [s["us_tariff_on_chn_pct"] for s in run_cli["steps"]]
    assert steps["solver.converged"].dtype == bool and steps["solver.converged"].all()
    assert list(steps["solver.iterations"]) == [s["solver"]["iterations"] for s in run_cli["steps"]]
    by_partner = tables["tariffs_by_partner"]
    first = run_cli["steps"][0]["effective_tariff"]["by_partner"]
    got = by_partner[by_partner["step"] == run_cli["steps"][0]["name"]]
    assert list(got["partner"]) == [p["partner"] for p in first]
    assert list(got["pct"]) == [p["pct"] for p in first]
    sectors = tables["sectors"]
    n = sum(len(c.get("sectors", [])) for s in run_cli["steps"] for c in s["countries"])
    assert len(sectors) == n


@pytest.mark.parametrize("scenario", [SCENARIO, "scenarios/truce-lapses.toml"])
def test_each_table_alone_equals_the_table_built_with_everything(scenario):
    # Asked alone, a table is built from an output pruned of what it does not read (the binding
    # overhead, docs/performance.md); with table="all" nothing is pruned. Same columns, dtypes,
    # values (but the solver's wall-clock times) and attrs.
    full = truce.run(scenario, table="all")
    for name in truce.TABLES["run"]:
        alone = truce.run(scenario, table=name)
        timed = [c for c in alone.columns if "elapsed" in c or "seconds" in c]
        assert list(alone.columns) == list(full[name].columns), name
        assert list(alone.dtypes) == list(full[name].dtypes), name
        pd.testing.assert_frame_equal(alone.drop(columns=timed), full[name].drop(columns=timed))
        assert alone.attrs == full[name].attrs, name


def test_relative_to_and_dataset_options_match_the_cli():
    want = cli_json("run", SCENARIO, "--relative-to", "peak", "--dataset", "synthetic-world2024")
    df = truce.run(SCENARIO, relative_to="peak", dataset="synthetic-world2024")
    assert set(df["reference"]) == {"peak"}
    assert list(df["welfare_pct"]) == [
        c["welfare_pct"] for s in want["steps"] for c in s["countries"]
    ]


def test_a_missing_scenario_raises_the_cli_message():
    code, msg = cli_error("run", "scenarios/no-such-file.toml")
    with pytest.raises(truce.InputError) as e:
        truce.run("scenarios/no-such-file.toml")
    assert str(e.value) == msg
    assert e.value.exit_code == code == 1
    assert isinstance(e.value, truce.TruceError)


def test_an_unknown_relative_to_step_raises_the_cli_message():
    code, msg = cli_error("run", SCENARIO, "--relative-to", "nowhere")
    with pytest.raises(truce.InputError) as e:
        truce.run(SCENARIO, relative_to="nowhere")
    assert str(e.value) == msg and code == 1


def test_a_bad_epsilon_c_raises_the_cli_message():
    code, msg = cli_error("run", SCENARIO, "--epsilon-c", "-1")
    with pytest.raises(truce.InputError) as e:
        truce.run(SCENARIO, epsilon_c=-1.0)
    assert str(e.value) == msg and code == 1


def test_an_unknown_table_is_a_usage_error():
    with pytest.raises(truce.UsageError, match="not a table of `run`") as e:
        truce.run(SCENARIO, table="nope")
    assert e.value.exit_code == 2


def test_out_writes_the_cli_files(tmp_path):
    truce.run(SCENARIO, out=tmp_path / "o")
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert "countries.csv" in names and "result.json" in names


def test_timeline_points_and_countries_match_the_cli():
    want = cli_json("timeline", "--from", "2025-01-01", "--to", "2025-06-30")
    tables = truce.timeline(from_date="2025-01-01", to_date="2025-06-30", table="all")
    points = tables["points"]
    assert list(points["date"]) == [p["date"] for p in want["points"]]
    for col in ["us_tariff_on_chn_pct", "chn_tariff_on_us_pct", "us_tariff_on_chn_model_pct"]:
        assert list(points[col]) == [p[col] for p in want["points"]], col
    countries = tables["countries"]
    assert list(countries["welfare_pct"].fillna(-999.0)) == [
        -999.0 if c["welfare_pct"] is None else c["welfare_pct"]
        for p in want["points"]
        for c in p["countries"]
    ]
    assert without_timings(tables["json"]) == without_timings(want)


def test_timeline_bad_date_raises_the_cli_message():
    code, msg = cli_error("timeline", "--from", "2025-13-01")
    with pytest.raises(truce.InputError) as e:
        truce.timeline(from_date="2025-13-01")
    assert str(e.value) == msg and code == 1


def test_the_gil_is_released_during_a_solve():
    """A Python thread keeps running while another thread solves."""
    import threading
    import time

    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    t0 = time.perf_counter()
    truce.timeline()
    t1 = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if t0 < x < t1]
    # Held for the whole solve, the GIL would allow at most a tick or two (sys.getswitchinterval
    # is 5 ms, but a Rust call holding the GIL is never interrupted).
    assert len(during) >= 5, (len(during), t1 - t0)
