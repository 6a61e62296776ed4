-- wrk script of bench/run.py's publish check: report.lua's figures, plus what the page cache
-- answered (X-Page-Cache: hit, stale, miss) and the renders ("miss") per ETag, i.e. per content.
-- Globals, not locals: done() reads each thread's through thread:get.
states = {}
renders = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or "none"
  states[state] = (states[state] or 0) + 1
  if state == "miss" then
    local etag = (string.gsub(headers["ETag"] or "?", "^W/", ""))
    renders[etag] = (renders[etag] or 0) + 1
  end
end

local function json(counts)
  local parts = {}
  for key, count in pairs(counts) do
    table.insert(parts, string.format("%q: %d", (string.gsub(key, '"', "")), count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function merged(name)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name) or {}) do
      total[key] = (total[key] or 0) + count
    end
  end
  return total
end

done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"status_errors": %d, "connect_errors": %d, "read_errors": %d, "timeouts": %d, ' ..
    '"states": %s, "renders": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, json(merged("states")), json(merged("renders"))))
end
