"""The Ray path against the local sweep on the same cores (issue 12 "Speed": within 20 %).

    python python/bench/ray_vs_local.py [--draws N] [--reps R] [--cpus C]

Starts a local Ray cluster with C CPUs (default 2; its start-up time is printed apart), then
alternates R times: ``truce.sweep(…, backend="local")`` (rayon, C threads) and
``truce.sweep(…, backend="ray")`` (C shards, one Ray task per core), same scenario, draws and
seed, and checks that both give the same draws bit for bit. Prints each time and the ratio of
the medians, without and with the cluster's start-up counted once. Run from the repository root.
"""

import argparse
import statistics
import time

import numpy as np
import ray

import truce


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", default="scenarios/geneva-truce.toml")
    p.add_argument("--draws", type=int, default=400)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--cpus", type=int, default=2)
    p.add_argument("--shards", type=int, default=None, help="Ray tasks (default: truce's, the cluster's CPUs)")
    a = p.parse_args()
    t0 = time.perf_counter()
    ray.init(num_cpus=a.cpus, include_dashboard=False, logging_level="WARNING")
    startup = time.perf_counter() - t0
    local_t, ray_t = [], []
    try:
        for _ in range(a.reps):
            t0 = time.perf_counter()
            local = truce.sweep(a.scenario, a.draws, seed=a.seed, jobs=a.cpus, table="draws")
            t1 = time.perf_counter()
            on_ray = truce.sweep(a.scenario, a.draws, seed=a.seed, backend="ray", shards=a.shards, table="draws")
            t2 = time.perf_counter()
            local_t.append(t1 - t0)
            ray_t.append(t2 - t1)
            f = local.select_dtypes("float64").to_numpy().view(np.int64)
            g = on_ray.select_dtypes("float64").to_numpy().view(np.int64)
            assert np.array_equal(f, g), "the Ray sweep differs from the local sweep"
    finally:
        ray.shutdown()
    ml, mr = statistics.median(local_t), statistics.median(ray_t)
    print(f"{a.scenario}, {a.draws} draws, seed {a.seed}, {a.cpus} CPUs, shards {a.shards or 'default'}, {a.reps} alternating reps")
    print(f"  Ray cluster start-up (once)   {startup:7.2f} s")
    print("  local (rayon)                 " + "  ".join(f"{x:6.2f}" for x in local_t) + f"   median {ml:6.2f} s")
    print("  ray (tasks)                   " + "  ".join(f"{x:6.2f}" for x in ray_t) + f"   median {mr:6.2f} s")
    print(f"  ray / local                   {mr / ml:7.3f}   (start-up counted once: {(mr + startup) / ml:.3f})")
    print("  draws identical bit for bit   yes")


if __name__ == "__main__":
    main()
