-- wrk script: paces each connection to RATE requests per second in total
-- (wrk itself sends as fast as it can), sends the token, optionally POSTs
-- BODY, and prints the p99 latency in milliseconds as one figure line.
local rate = tonumber(os.getenv("RATE") or "1000")
local connections = tonumber(os.getenv("CONNECTIONS") or "10")
local name = os.getenv("FIGURE") or "request"

wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local body = os.getenv("BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function delay()
  return 1000 * connections / rate
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("%s_p99_ms %.2f\n", name, latency:percentile(99) / 1000))
  io.write(string.format("%s_p50_ms %.2f\n", name, latency:percentile(50) / 1000))
  io.write(string.format("%s_rate_per_s %.0f\n", name, summary.requests / seconds))
  io.write(string.format("%s_errors %d\n", name,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
