-- Shared by every scenario script (bench/harness/load.rs puts it in front of each).
-- wrk runs one connection per thread here, so a thread's Lua state is its connection's and
-- a request and its response strictly alternate: that is what lets the scripts chain a
-- create and its follow-up, or carry a trajectory's ETag to its next transition.

local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

-- The scenario's data (tokens, ids, bodies), written by the harness as a Lua table.
function load_data(args)
  data = dofile(args[1])
end

function bearer(token)
  return "Bearer " .. token
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "werkpad-bench requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
