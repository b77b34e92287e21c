-- wrk script: each request is a different dashboard slider state (GET /api/v1/sliders), and
-- every status code is counted. Loopback only; the run length is wrk's -d.
local paths = {}
local n = 0
for us = 0, 200, 25 do
  for cn = 0, 125, 25 do
    for _, ree in ipairs({"", "&ree=50"}) do
      n = n + 1
      paths[n] = string.format("/api/v1/sliders?date=2025-05-14&us=%d&cn=%d%s", us, cn, ree)
    end
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  k = 0
end

function request()
  k = k + 1
  return wrk.format("GET", paths[(k % n) + 1])
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    for s, v in pairs(c) do
      total[s] = (total[s] or 0) + v
    end
  end
  io.write("status codes:")
  for s, v in pairs(total) do
    io.write(string.format(" %d=%d", s, v))
  end
  io.write("\n")
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("requests %d in %.1f s: %.1f per second; socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
