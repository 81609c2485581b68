-- wrk script for bench/load/run.sh: POSTs one OpenAI chat-completions body on every request and prints one
-- "WRKJSON {...}" line with RPS, latency percentiles, socket errors and non-2xx responses.
--
-- Environment:
--   WRK_STREAM=1           ask for "stream": true
--   WRK_MODEL=name         the model (default mockup:mock-gpt)
--   WRK_HEADERS="A: b|C: d" extra request headers, '|'-separated
--   WRK_LABEL=name         copied into the summary line
--   WRK_NON2XX=0           do not define response(), which makes wrk hand every response to Lua (some wrk CPU);
--                          non2xx is then -1 and only wrk's own count of status >= 400 is left
--   WRK_UNIQUE=1           give every request its own "user" field ("u<thread>_<n>"), so that a packet capture can
--                          tell which upstream call served which request (bench/load/legs.sh); builds each request
--                          in Lua (some wrk CPU)
--
-- The temperature is 0.7, not 0: Switchboard's response cache answers temperature-0 requests, and a cache hit
-- measures the cache, not the proxy.
local stream = os.getenv("WRK_STREAM") == "1"
local model = os.getenv("WRK_MODEL") or "mockup:mock-gpt"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if stream then wrk.headers["Accept"] = "text/event-stream" end
for h in string.gmatch(os.getenv("WRK_HEADERS") or "", "[^|]+") do
  local k, v = string.match(h, "^%s*([^:]+):%s*(.-)%s*$")
  if k then wrk.headers[k] = v end
end
wrk.body = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are a benchmark."},' ..
           '{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":32,"temperature":0.7' ..
           (stream and ',"stream":true' or '') .. '}'

-- thread_id is set by setup() in each thread's state before the thread starts.
if os.getenv("WRK_UNIQUE") == "1" then
  local base = wrk.body
  local sent = 0
  function request()
    sent = sent + 1
    return wrk.format(nil, nil, nil, '{"user":"u' .. thread_id .. '_' .. sent .. '",' .. string.sub(base, 2))
  end
end

-- setup() and done() run in the main Lua state; response() runs in each thread's own state, so each thread counts
-- its own non-2xx responses and done() adds them up.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

non2xx = 0
last_bad_status = 0
local count_non2xx = os.getenv("WRK_NON2XX") ~= "0"
if count_non2xx then
  function response(status, headers, body)
    if status < 200 or status > 299 then
      non2xx = non2xx + 1
      last_bad_status = status
    end
  end
end

function done(summary, latency, requests)
  local bad, last = count_non2xx and 0 or -1, 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    local s = thread:get("last_bad_status") or 0
    if s ~= 0 then last = s end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'WRKJSON {"label":"%s","requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"mean_ms":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d,"status_ge400":%d,' ..
    '"non2xx":%d,"last_bad_status":%d}\n',
    os.getenv("WRK_LABEL") or "", summary.requests, secs, summary.requests / secs, summary.bytes,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status, bad, last))
end
