"""Binding overhead per call (issue 12 "Speed": < 5 % of a solve).

    python python/bench/overhead.py [--runs N] [--scenario FILE]

Interleaves, N times each, in one process:
  * engine: ``truce._truce.run(scenario, want=[])``: the solve (compile the scenario, solve
    every step, the typed output) crossing the binding once, with no table built;
  * api: ``truce.run(scenario)``: the same solve, the typed output flattened into the countries
    table, handed over as numpy buffers and wrapped in a pandas DataFrame.
The overhead is median(api) − median(engine), as a share of median(engine) (and the same
with the minima, less sensitive to a loaded machine). Run from the
repository root. The engine figure is comparable to criterion's
``sweep/world2024/geneva-truce, run (point estimate, 3 steps)`` (cargo bench -p truce --bench sweep).
"""

import argparse
import random
import statistics
import time

import truce
from truce import _truce


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--scenario", default="scenarios/geneva-truce.toml")
    a = p.parse_args()
    truce.run(a.scenario)  # warm-up: the dataset, caches, pandas import paths
    calls = {
        "engine": lambda: _truce.run(a.scenario, want=[]),
        "api": lambda: truce.run(a.scenario),
        "all": lambda: truce.run(a.scenario, table="all"),
        "41 tables": lambda: _truce.run(a.scenario, want=["countries"] * 41),
        "1 table": lambda: _truce.run(a.scenario, want=["countries"]),
    }
    times = {k: [] for k in calls}
    cpu = {k: [] for k in calls}
    for _ in range(a.runs):
        order = list(calls)
        random.shuffle(order)  # no call always follows the same one
        for k in order:
            c0 = time.process_time()
            t0 = time.perf_counter()
            calls[k]()
            times[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
    raw = _truce.run(a.scenario, want=["countries"])
    frame = []
    for _ in range(200):
        t0 = time.perf_counter()
        truce._result("run", "countries", raw)
        frame.append(time.perf_counter() - t0)
    print(f"scenario {a.scenario}, {a.runs} runs of each call in shuffled order (ms):")
    for label, stat, t in [
        ("median wall", statistics.median, times),
        ("min wall", min, times),
        ("median CPU (all threads of the process)", statistics.median, cpu),
    ]:
        me, ma, mt, m41, m1 = (stat(t[k]) * 1e3 for k in calls)
        print(f" {label}:")
        print(f"  engine (solve, no table)            {me:8.2f}")
        print(f"  truce.run → DataFrame               {ma:8.2f}   overhead {ma - me:6.2f} = {100 * (ma - me) / me:5.2f} % of the solve")
        print(f"  truce.run(table='all'): 9 + json    {mt:8.2f}   overhead {mt - me:6.2f} = {100 * (mt - me) / me:5.2f} % of the solve")
        print(f"  one more countries table in Rust    {(m41 - m1) / 40:8.3f}")
    print(f"  pandas DataFrame from the columns   {statistics.median(frame) * 1e3:8.3f} (median of 200)")

if __name__ == "__main__":
    main()
