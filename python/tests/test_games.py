"""truce.war and truce.talks: the CLI's numbers; a war that does not converge raises exit 3's error."""

import pandas as pd
import pytest

import truce
from conftest import cli, cli_json, without_timings

# Uniform tariffs (one instrument per player) keep the games fast enough for CI.
GAME = ["--instruments", "uniform"]


@pytest.fixture(scope="module")
def war_pair():
    return cli_json("war", *GAME), truce.war(instruments="uniform", table="all")


def test_war_tariffs_match_the_cli(war_pair):
    want, got = war_pair
    tariffs = got["tariffs"]
    assert isinstance(tariffs, pd.DataFrame)
    assert list(tariffs.columns) == ["state", "owner", "instrument", "tariff_pct"]
    for state in ["nash", "status_quo", "april_2025_peak"]:
        rows = tariffs[tariffs["state"] == state]
        expect = [
            (owner, inst, v)
            for owner, levels in want[state]["tariffs_pct"].items()
            for inst, v in levels.items()
        ]
        assert list(zip(rows["owner"], rows["instrument"], rows["tariff_pct"])) == expect, state
    assert without_timings(got["json"]) == without_timings(want)


def test_war_countries_match_the_cli(war_pair):
    want, got = war_pair
    c = got["countries"]
    nash = c[c["state"] == "nash"]
    assert list(nash["code"]) == [x["code"] for x in want["nash"]["countries"]]
    assert list(nash["welfare_pct"]) == [x["welfare_pct"] for x in want["nash"]["countries"]]
    assert got["tariffs"].attrs["command"] == "war"


def test_talks_frontier_and_solution_match_the_cli():
    want = cli_json("talks", *GAME, "--points", "3")
    got = truce.talks(instruments="uniform", points=3, table="all")
    f = got["frontier"]
    assert len(f) == len(want["frontier"])
    assert list(f["payoffs_pct.USA"]) == [p["payoffs_pct"][0] for p in want["frontier"]]
    assert list(f["payoffs_pct.CHN"]) == [p["payoffs_pct"][1] for p in want["frontier"]]
    s = got["solution"]
    assert len(s) == 1
    assert s["kkt_residual"].iloc[0] == want["solution"]["kkt_residual"]
    assert s["payoffs_pct.USA"].iloc[0] == want["solution"]["payoffs_pct"][0]
    assert without_timings(got["json"]) == without_timings(want)


def test_a_war_still_moving_raises_not_converged_with_the_cli_message():
    p = cli("war", *GAME, "--max-rounds", "1")
    assert p.returncode == 3, p.stderr
    with pytest.raises(truce.NotConvergedError) as e:
        truce.war(instruments="uniform", max_rounds=1)
    assert str(e.value) == p.stderr.strip()[len("error: "):]
    assert e.value.exit_code == 3


def test_bad_game_arguments():
    p = cli("war", "--players", "USA,CHN,JPN")
    with pytest.raises(truce.InputError) as e:
        truce.war(players="USA,CHN,JPN")
    assert str(e.value) == p.stderr.strip()[len("error: "):]
    with pytest.raises(truce.UsageError, match="instruments=\"tariff\""):
        truce.war(instruments="tariff")
    with pytest.raises(truce.UsageError, match="threat"):
        truce.talks(threat="war")
    p = cli("war", "--dataset", "no-such-world")
    with pytest.raises(truce.InputError) as e:
        truce.war(dataset="no-such-world")
    assert str(e.value) == p.stderr.strip()[len("error: "):]
