#!/usr/bin/env bash
# Load test of `truce serve` on loopback: 200 concurrent clients asking for slider solves on
# world2024, for a bounded time. Prints throughput, latency percentiles, every status code and
# the server's peak memory (VmHWM). Needs wrk (Debian: apt-get install wrk) and a release build
# (cargo build --release -p truce-cli).
#
#   bash crates/truce-web/loadtest/run.sh [SECONDS] [CONNECTIONS] [extra `truce serve` flags…]
#
# Traffic goes only to 127.0.0.1, to the server this script starts and stops.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECS=${1:-30}
CONNS=${2:-200}
shift $(( $# > 2 ? 2 : $# )) || true
BIN=target/release/truce
[ -x "$BIN" ] || { echo "build first: cargo build --release -p truce-cli" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

out=$(mktemp)
"$BIN" serve --addr 127.0.0.1:0 "$@" >"$out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "dashboard at" "$out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out" | head -1)
[ -n "$url" ] || { cat "$out"; exit 1; }
echo "server $url (pid $pid), flags: ${*:-defaults}; $CONNS connections for $SECS s"
curl -s "$url/api/v1/sliders?us=10" >/dev/null   # warm up
wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 30s -s crates/truce-web/loadtest/sliders.lua "$url"
echo "server gate: $(curl -s "$url/api/v1/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["gate"], d["limits"])')"
echo "server peak memory: $(grep VmHWM /proc/$pid/status)"
kill -TERM $pid
wait $pid && echo "server stopped cleanly (exit 0)"
trap - EXIT
