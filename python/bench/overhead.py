"""Binding overhead per call (issue 12 "Speed": < 5 % of a solve).

    python python/bench/overhead.py [--runs N] [--scenario FILE]

Interleaves, N times each, in one process:
  * engine: ``truce._truce.run(scenario, want=[])``: the solve (compile the scenario, solve
    every step, the typed output) crossing the binding once, with no table built;
  * api: ``truce.run(scenario)``: the same solve, the typed output flattened into the countries
    table, handed over as numpy buffers and wrapped in a pandas DataFrame.
The overhead is median(api) − median(engine), as a share of median(engine). Run from the
repository root. The engine figure is comparable to criterion's
``sweep/world2024/geneva-truce, run (point estimate, 3 steps)`` (cargo bench -p truce --bench sweep).
"""

import argparse
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
    engine, api, tables = [], [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        _truce.run(a.scenario, want=[])
        t1 = time.perf_counter()
        truce.run(a.scenario)
        t2 = time.perf_counter()
        truce.run(a.scenario, table="all")
        t3 = time.perf_counter()
        engine.append(t1 - t0)
        api.append(t2 - t1)
        tables.append(t3 - t2)
    me, ma, mt = (statistics.median(x) * 1e3 for x in (engine, api, tables))
    print(f"scenario {a.scenario}, {a.runs} interleaved runs each, medians:")
    print(f"  engine (solve, no table)        {me:8.2f} ms")
    print(f"  truce.run → DataFrame           {ma:8.2f} ms   overhead {ma - me:6.2f} ms = {100 * (ma - me) / me:5.2f} % of the solve")
    print(f"  truce.run(table='all') → 5 + json {mt:6.2f} ms   overhead {mt - me:6.2f} ms = {100 * (mt - me) / me:5.2f} % of the solve")


if __name__ == "__main__":
    main()
