"""Type stubs of the extension module `truce._truce` (python/src/lib.rs).

Each solver function returns ``(json, meta, tables)``: the output as the CLI's ``--format json``
text when ``"json"`` is in ``want`` (else ``None``), the output's top-level scalar fields as a
small JSON object, and ``[(table, [(column, kind, data), …]), …]`` with kind ``"f8"``, ``"i8"``
or ``"b1"`` (data: little-endian ``bytes``) or ``"str"`` (data: ``list[str | None]``).
"""

from typing import List, Optional, Tuple, Union

Column = Tuple[str, str, Union[bytes, List[Optional[str]]]]
Raw = Tuple[Optional[str], str, List[Tuple[str, List[Column]]]]

class TruceError(Exception):
    exit_code: int

class InputError(TruceError): ...
class UsageError(TruceError): ...
class NotConvergedError(TruceError): ...

def version() -> str: ...
def run(
    scenario: str,
    *,
    want: List[str],
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
    epsilon_c: Optional[float] = None,
    out: Optional[str] = None,
) -> Raw: ...
def timeline(
    *,
    want: List[str],
    from_date: Optional[str] = None,
    to_date: Optional[str] = None,
    dataset: str = "world2024",
    relative_to: Optional[str] = None,
    record: str = "tariff-wall",
    out: Optional[str] = None,
) -> Raw: ...
def war(
    *,
    want: List[str],
    players: List[str] = ...,
    dataset: Optional[str] = None,
    objective: str = "real-income",
    epsilon_c: Optional[float] = None,
    horizon: str = "short-run",
    instruments: str = "sector",
    link: Optional[str] = None,
    ree_share: object = None,
    max_rounds: int = 50,
) -> Raw: ...
def talks(
    *,
    want: List[str],
    players: List[str] = ...,
    dataset: Optional[str] = None,
    objective: str = "real-income",
    epsilon_c: Optional[float] = None,
    horizon: str = "short-run",
    instruments: str = "sector",
    link: Optional[str] = None,
    ree_share: object = None,
    max_rounds: int = 50,
    threat: str = "nash",
    beyond_trade: float = 0.0,
    points: int = 5,
) -> Raw: ...
def sweep(
    scenario: str,
    draws: int,
    *,
    want: List[str],
    seed: int = 0,
    jobs: Optional[int] = None,
    out: Optional[str] = None,
    shard: Optional[str] = None,
    elasticities: Optional[str] = None,
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
) -> Raw: ...
def sweep_shard_files(
    scenario: str,
    draws: int,
    shard: str,
    *,
    seed: int = 0,
    elasticities: Optional[str] = None,
    relative_to: Optional[str] = None,
    dataset: Optional[str] = None,
) -> List[Tuple[str, bytes]]: ...
def sweep_merge(dirs: List[str], *, want: List[str], out: Optional[str] = None) -> Raw: ...
