"""truce from Python: trade wars and trade talks in general equilibrium, results as pandas DataFrames.

Each function runs the same pipeline as the matching ``truce`` command (the Rust engine, with
the GIL released while it solves) and returns a tidy :class:`pandas.DataFrame`::

    >>> import truce
    >>> df = truce.run("scenarios/geneva-truce.toml")        # truce run …
    >>> bands = truce.sweep("scenarios/geneva-truce.toml", draws=200, seed=7)

``table=`` picks another table of the same result (``truce.run(…, table="sectors")``),
``table="all"`` returns a dict of every table, and ``table="json"`` the output itself, as the
CLI prints it with ``--format json`` (docs/output-schema.md). A DataFrame's ``attrs`` carry the
output's header and metadata (``command``, ``schema_version``, ``scenario``, ``dataset``, …).

Errors raise :class:`TruceError` with the CLI's message: :class:`InputError` (the CLI's exit 1),
:class:`UsageError` (exit 2), :class:`NotConvergedError` (exit 3); ``err.exit_code`` is the
CLI's code. Numeric columns arrive as numpy arrays over the buffers the engine filled (no copy
on the Python side); missing numbers are NaN. docs/python.md has the tables and an example.
"""

from __future__ import annotations

import json as _json
import os as _os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as _np
import pandas as _pd

from . import _truce
from ._truce import InputError, NotConvergedError, TruceError, UsageError

__all__ = [
    "run",
    "timeline",
    "war",
    "talks",
    "sweep",
    "sweep_merge",
    "TruceError",
    "InputError",
    "UsageError",
    "NotConvergedError",
    "RayClusterError",
    "TABLES",
    "__version__",
]

__version__: str = _truce.version()

TruceError.exit_code = 1
InputError.exit_code = 1
UsageError.exit_code = 2
NotConvergedError.exit_code = 3


class RayClusterError(TruceError):
    """The Ray cluster of ``backend="ray"`` cannot be reached or used (the CLI's exit 1)."""

    exit_code = 1


PathLike = Union[str, "_os.PathLike[str]"]

#: The tables of each function; the first is the default.
TABLES: Dict[str, List[str]] = {
    "run": ["countries", "by_partner", "by_sector", "sectors", "steps", "tariffs_by_partner", "quotas"],
    "timeline": ["points", "countries", "tariffs_by_partner"],
    "war": ["tariffs", "countries", "instruments"],
    "talks": ["frontier", "countries", "tariffs", "solution"],
    "sweep": ["bands", "draws", "parameters", "distributions", "failed"],
}

_DTYPES = {"f8": "<f8", "i8": "<i8", "b1": "?"}

# The dtype pandas infers for a column of text (``str`` from pandas 3 on, ``object`` before) and,
# when it is an extension dtype, its array class: a text column is built with the extension
# interface's ``_from_sequence`` instead of being inferred cell by cell in ``pd.DataFrame`` (the
# same dtype and values, 0.04 ms less per countries frame; docs/performance.md).
_TEXT = _pd.Series(["text"]).dtype
_TEXT_ARRAY = (
    _TEXT.construct_array_type() if isinstance(_TEXT, _pd.api.extensions.ExtensionDtype) else None
)


def _text(payload: list) -> Any:
    """A text column (``None`` = missing), with the dtype ``pd.DataFrame`` would infer for it."""
    if _TEXT_ARRAY is not None and any(v is not None for v in payload):
        return _TEXT_ARRAY._from_sequence(payload, dtype=_TEXT)
    # Empty or all missing: inferred as object (an empty list would infer float64).
    return _np.array(payload, dtype=object)


def _frame(columns: Sequence[tuple], attrs: Mapping[str, Any]) -> _pd.DataFrame:
    data = {}
    for name, kind, payload in columns:
        if kind == "str":
            data[name] = _text(payload)
        else:
            # A read-only view of the bytes object the engine filled: no copy here.
            data[name] = _np.frombuffer(payload, dtype=_DTYPES[kind])
    df = _pd.DataFrame(data, copy=False)
    df.attrs.update(attrs)
    return df


def _want(command: str, table: str) -> List[str]:
    names = TABLES[command]
    if table == "all":
        return names + ["json"]
    if table != "json" and table not in names:
        raise UsageError(
            f"table {table!r}: not a table of `{command}`; the tables are "
            f"{', '.join(names)} (or \"all\", \"json\")"
        )
    return [table]


def _result(command: str, table: str, raw: tuple) -> Any:
    text, meta, tables = raw
    output = _json.loads(text) if text is not None else None
    if table == "json":
        return output
    attrs = _json.loads(meta)
    frames = {name: _frame(cols, attrs) for name, cols in tables}
    if table == "all":
        frames["json"] = output  # type: ignore[assignment]
        return frames
    return frames[table]


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else _os.fspath(p)


def run(
    scenario: PathLike,
    *,
    table: str = "countries",
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
    epsilon_c: Optional[float] = None,
    out: Optional[PathLike] = None,
) -> Any:
    """Solve a scenario file: ``truce run SCENARIO.toml``.

    Returns the ``countries`` table (one row per step × region: welfare, real wage, terms of
    trade, trade, … in % vs the reference); ``table=`` ``"sectors"`` (step × region × sector),
    ``"steps"`` (average tariffs, the effective US tariff, the solver), ``"tariffs_by_partner"``,
    ``"quotas"``, ``"all"`` or ``"json"``. ``out=DIR`` also writes the CLI's files there.
    """
    want = _want("run", table)
    raw = _truce.run(
        _os.fspath(scenario),
        want=want,
        relative_to=relative_to,
        dataset=dataset,
        epsilon_c=epsilon_c,
        out=_path(out),
    )
    return _result("run", table, raw)


def timeline(
    *,
    table: str = "points",
    from_date: Optional[str] = None,
    to_date: Optional[str] = None,
    dataset: str = "world2024",
    relative_to: Optional[str] = None,
    record: str = "tariff-wall",
    out: Optional[PathLike] = None,
) -> Any:
    """Replay the dated record: ``truce timeline``.

    Returns the ``points`` table (one row per date: average tariffs beside PIIE's, the US
    effective tariff, trade changes); ``table="countries"`` (date × region outcomes),
    ``"tariffs_by_partner"``, ``"all"`` or ``"json"``. Dates are ``YYYY-MM-DD``.
    """
    want = _want("timeline", table)
    raw = _truce.timeline(
        want=want,
        from_date=from_date,
        to_date=to_date,
        dataset=dataset,
        relative_to=relative_to,
        record=record,
        out=_path(out),
    )
    return _result("timeline", table, raw)


def _players(players: Union[str, Iterable[str]]) -> List[str]:
    if isinstance(players, str):
        return [p.strip() for p in players.split(",") if p.strip()]
    return list(players)


def war(
    *,
    table: str = "tariffs",
    players: Union[str, Iterable[str]] = ("USA", "CHN"),
    dataset: Optional[str] = None,
    objective: str = "real-income",
    epsilon_c: Optional[float] = None,
    horizon: str = "short-run",
    instruments: str = "sector",
    link: Optional[str] = None,
    ree_share: Optional[Union[Mapping[str, float], Sequence[str]]] = None,
    max_rounds: int = 50,
) -> Any:
    """The Nash tariff war of two governments: ``truce war``.

    Returns the ``tariffs`` table (state × owner × instrument: the Nash tariffs, the status quo
    and the April 2025 peak, in %); ``table="countries"`` (welfare by state and region),
    ``"instruments"``, ``"all"`` or ``"json"``.
    """
    want = _want("war", table)
    raw = _truce.war(
        want=want,
        players=_players(players),
        dataset=dataset,
        objective=objective,
        epsilon_c=epsilon_c,
        horizon=horizon,
        instruments=instruments,
        link=link,
        ree_share=ree_share,
        max_rounds=max_rounds,
    )
    return _result("war", table, raw)


def talks(
    *,
    table: str = "frontier",
    players: Union[str, Iterable[str]] = ("USA", "CHN"),
    dataset: Optional[str] = None,
    objective: str = "real-income",
    epsilon_c: Optional[float] = None,
    horizon: str = "short-run",
    instruments: str = "sector",
    link: Optional[str] = None,
    ree_share: Optional[Union[Mapping[str, float], Sequence[str]]] = None,
    max_rounds: int = 50,
    threat: str = "nash",
    beyond_trade: float = 0.0,
    points: int = 5,
) -> Any:
    """Trade talks: the bargaining frontier and the Nash bargaining solution (``truce talks``).

    Returns the ``frontier`` table (one row per frontier point: payoffs by player, mean
    tariffs, levels); ``table="countries"``, ``"tariffs"`` (incl. the solution's),
    ``"solution"``, ``"all"`` or ``"json"``.
    """
    want = _want("talks", table)
    raw = _truce.talks(
        want=want,
        players=_players(players),
        dataset=dataset,
        objective=objective,
        epsilon_c=epsilon_c,
        horizon=horizon,
        instruments=instruments,
        link=link,
        ree_share=ree_share,
        max_rounds=max_rounds,
        threat=threat,
        beyond_trade=beyond_trade,
        points=points,
    )
    return _result("talks", table, raw)


def sweep(
    scenario: PathLike,
    draws: int,
    *,
    seed: int = 0,
    table: str = "bands",
    backend: str = "local",
    jobs: Optional[int] = None,
    out: Optional[PathLike] = None,
    shard: Optional[str] = None,
    elasticities: Optional[PathLike] = None,
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
    ray_address: Optional[str] = None,
    shards: Optional[int] = None,
) -> Any:
    """Uncertainty bands: ``truce sweep SCENARIO.toml --draws N --seed S``.

    Returns the ``bands`` table (step × region × outcome: point, median, p5, p95, n);
    ``table="draws"`` (draw × step × region, every outcome: the CLI's ``draws.parquet``),
    ``"parameters"`` (the drawn θ), ``"distributions"``, ``"failed"``, ``"all"`` or ``"json"``.

    ``backend="ray"`` splits the draws into ``shards`` shards (default: the cluster's CPUs) run
    as Ray tasks, each calling the engine on one core, and merges them: the same result as
    ``backend="local"``, bit for bit per draw. ``ray_address`` connects to an existing cluster
    (``"auto"``, ``"HOST:PORT"`` or ``"ray://HOST:PORT"``); without it, a running
    ``ray.init()`` session or a new local one is used (docs/python.md).
    """
    if backend not in ("local", "ray"):
        raise UsageError(f"backend={backend!r}: use \"local\" or \"ray\"")
    want = _want("sweep", table)
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise UsageError(f"draws={draws!r}: a whole number of draws, at least 1")
    if backend == "ray":
        if shard is not None or jobs is not None:
            raise UsageError(
                "shard= and jobs= apply to backend=\"local\"; with backend=\"ray\" use shards= "
                "(the number of Ray tasks, each on one core)"
            )
        from .ray_sweep import ray_sweep

        raw = ray_sweep(
            _os.fspath(scenario),
            draws,
            seed=seed,
            want=want,
            out=_path(out),
            elasticities=_path(elasticities),
            relative_to=relative_to,
            dataset=dataset,
            address=ray_address,
            shards=shards,
        )
    else:
        if ray_address is not None or shards is not None:
            raise UsageError("ray_address= and shards= apply to backend=\"ray\"")
        raw = _truce.sweep(
            _os.fspath(scenario),
            draws,
            want=want,
            seed=seed,
            jobs=jobs,
            out=_path(out),
            shard=shard,
            elasticities=_path(elasticities),
            relative_to=relative_to,
            dataset=dataset,
        )
    return _result("sweep", table, raw)


def sweep_merge(
    dirs: Sequence[PathLike], *, table: str = "bands", out: Optional[PathLike] = None
) -> Any:
    """Combine shard folders: ``truce sweep merge DIR… [--out DIR]``."""
    want = _want("sweep", table)
    raw = _truce.sweep_merge([_os.fspath(d) for d in dirs], want=want, out=_path(out))
    return _result("sweep", table, raw)
