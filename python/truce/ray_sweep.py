"""Sweeps on a Ray cluster: the draws split into shards, each shard a Ray task calling the engine.

``truce.sweep(…, backend="ray")`` and ``python -m truce.ray_sweep SCENARIO --draws N`` run the
same sweep as ``truce sweep``: shard K of M is ``truce sweep --shard K/M`` (contiguous blocks of
draw indices, each draw seeded by the sweep's seed and its index alone), run by one Ray task on
one core; the driver writes the shards' draw files into scratch folders and merges them with
``truce sweep merge``'s code. The result is the local sweep's, bit for bit per draw.

Every node needs this package installed and the scenario (and any dataset folder or
distribution file it names) at the same path, as with Slurm job arrays (docs/python.md).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional, Tuple

from . import _truce
from ._truce import InputError, NotConvergedError, TruceError, UsageError

_ERRORS = {
    "InputError": InputError,
    "UsageError": UsageError,
    "NotConvergedError": NotConvergedError,
}


def _solve_shard(
    scenario: str,
    draws: int,
    seed: int,
    shard: str,
    elasticities: Optional[str],
    relative_to: Optional[str],
    dataset: Optional[str],
) -> Tuple[str, Any]:
    """One Ray task: ``truce sweep --shard K/M`` on one core, in memory; returns the shard's
    folder as ``{relative path: bytes}`` (its manifest and draw files), or the error's class and
    message (plain strings, so that nothing depends on pickling the extension's exception
    types)."""
    try:
        files = _truce.sweep_shard_files(
            scenario,
            draws,
            shard,
            seed=seed,
            elasticities=elasticities,
            relative_to=relative_to,
            dataset=dataset,
        )
    except TruceError as e:
        return ("error", (type(e).__name__, str(e)))
    return ("ok", dict(files))


def _check_reachable(address: str) -> None:
    """A clear error, at once, for a ``HOST:PORT`` or ``ray://HOST:PORT`` nobody listens on
    (``ray.init`` would otherwise retry for a long time)."""
    hostport = address[len("ray://"):] if address.startswith("ray://") else address
    host, sep, port = hostport.rpartition(":")
    if not sep or not port.isdigit():
        raise UsageError(
            f"ray_address={address!r}: write \"auto\", \"HOST:PORT\" (the head node's GCS, port "
            f"6379 by default) or \"ray://HOST:PORT\" (Ray Client, port 10001)"
        )
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            pass
    except OSError as e:
        raise _cluster_error(
            f"the Ray cluster at {address} is not reachable ({e}); start it with "
            f"`ray start --head --port={port}` on the head node, check the address and the "
            f"firewall, or leave ray_address unset to start a local cluster"
        ) from None


def _cluster_error(msg: str) -> Exception:
    from . import RayClusterError

    return RayClusterError(msg)


def _connect(address: Optional[str]) -> Any:
    try:
        import ray
    except ImportError:
        raise _cluster_error(
            "backend=\"ray\" needs Ray: `pip install ray` (or `pip install truce[ray]`)"
        ) from None
    if address is not None and address != "auto":
        _check_reachable(address)
    if ray.is_initialized():
        return ray
    try:
        if address is None:
            ray.init(include_dashboard=False, logging_level="WARNING")
        else:
            ray.init(address=address, logging_level="WARNING")
    except (ConnectionError, RuntimeError, TimeoutError) as e:
        raise _cluster_error(
            f"could not connect to the Ray cluster at {address or 'a new local cluster'}: {e}"
        ) from None
    return ray


def ray_sweep(
    scenario: str,
    draws: int,
    *,
    seed: int = 0,
    want: List[str],
    out: Optional[str] = None,
    elasticities: Optional[str] = None,
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
    address: Optional[str] = None,
    shards: Optional[int] = None,
) -> tuple:
    """Run the sweep as Ray tasks and merge it; returns what ``_truce.sweep`` returns."""
    if draws < 1:
        # The engine's own message (`--draws 0: …`), before any cluster is touched.
        _truce.sweep(scenario, draws, want=[])
    ray = _connect(address)
    if shards is None:
        shards = max(1, int(ray.cluster_resources().get("CPU", 1)))
    if not isinstance(shards, int) or shards < 1:
        raise UsageError(f"shards={shards!r}: use a whole number of Ray tasks, at least 1")
    shards = min(shards, draws)
    task = ray.remote(num_cpus=1, max_retries=1)(_solve_shard)
    refs = [
        task.remote(scenario, draws, seed, f"{k}/{shards}", elasticities, relative_to, dataset)
        for k in range(1, shards + 1)
    ]
    results = ray.get(refs)
    for status, payload in results:
        if status == "error":
            name, msg = payload
            raise _ERRORS.get(name, TruceError)(msg)
    with tempfile.TemporaryDirectory(prefix="truce-ray-sweep-") as tmp:
        dirs = []
        for k, (_, files) in enumerate(results, start=1):
            d = os.path.join(tmp, f"shard-{k}")
            for rel, data in files.items():
                path = os.path.join(d, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
            dirs.append(d)
        return _truce.sweep_merge(dirs, want=want, out=out)


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m truce.ray_sweep SCENARIO --draws N [--seed S] [--address A] [--shards M]
    [--out DIR] [--format table|json|csv]``: the sweep on Ray; exit codes as the CLI's."""
    import truce

    p = argparse.ArgumentParser(
        prog="python -m truce.ray_sweep",
        description="truce sweep on a Ray cluster: shards as Ray tasks, merged as `truce sweep merge`.",
    )
    p.add_argument("scenario")
    p.add_argument("--draws", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--address", default=None, help="auto, HOST:PORT or ray://HOST:PORT (default: a local cluster)")
    p.add_argument("--shards", type=int, default=None, help="Ray tasks (default: the cluster's CPUs)")
    p.add_argument("--out", default=None)
    p.add_argument("--elasticities", default=None)
    p.add_argument("--relative-to", default=None)
    p.add_argument("--dataset", default=None)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        kw: Dict[str, Any] = dict(
            seed=a.seed,
            backend="ray",
            out=a.out,
            elasticities=a.elasticities,
            relative_to=a.relative_to,
            dataset=a.dataset,
            ray_address=a.address,
            shards=a.shards,
        )
        if a.format == "json":
            import json

            print(json.dumps(truce.sweep(a.scenario, a.draws, table="json", **kw), indent=2, ensure_ascii=False))
        else:
            df = truce.sweep(a.scenario, a.draws, **kw)
            print(df.to_csv(index=False) if a.format == "csv" else df.to_string(index=False))
    except truce.TruceError as e:
        print(f"error: {e}", file=sys.stderr)
        return getattr(e, "exit_code", 1)
    print(f"{a.draws} draws on Ray in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
