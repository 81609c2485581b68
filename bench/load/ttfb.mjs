// Streaming-latency driver for bench/load: sends N streaming chat-completions requests at a fixed concurrency and
// measures, per request, the time to the response headers, to the first content chunk and to the end of the stream.
//
// With bench/load/fake-upstream.mjs behind the URL (directly or through a gateway), every content chunk carries the
// upstream's send time as "@<epoch ms>" in its text. The forwarding delay of the first content chunk is then
//   receive time here - send time at the upstream,
// both read as performance.timeOrigin + performance.now() in the two processes on this machine. Node takes its time
// origin from the system's wall clock when it starts, to the microsecond, so two processes on one machine agree to far
// better than the 0.1 ms this measures. With --clock-url (the fake upstream's GET /clock) the driver also estimates the
// offset between the two clocks NTP-style and prints it, as a check; that estimate is only good to half a round trip
// (0.1-0.5 ms on a busy loopback), so it is subtracted only with --correct-clock.
//
// Usage: node ttfb.mjs --url URL [--requests 500] [--concurrency 1] [--warmup 50] [--model mockup:mock-gpt]
//                      [--header 'Authorization: Bearer KEY']... [--clock-url URL [--correct-clock]] [--label name]
//                      [--timeout-ms 30000] [--max-seconds 120]
// Prints one human-readable summary and one "TTFBJSON {...}" line. Loopback URLs only.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const usage = `usage: node ttfb.mjs --url URL [options]
  --url URL            the chat-completions endpoint (loopback only)
  --requests N         measured requests (default 500)
  --concurrency N      requests in flight at once (default 1)
  --warmup N           requests sent first and not measured (default 50)
  --model NAME         the model (default mockup:mock-gpt)
  --header 'A: b'      an extra request header; repeatable
  --clock-url URL      the fake upstream's GET /clock: estimate and print the clock offset
  --correct-clock      subtract that estimate from the forwarding delay (default: assume the offset is 0)
  --label NAME         copied into the TTFBJSON line
  --timeout-ms N       per-request limit (default 30000)
  --max-seconds N      stop sending new requests after this long (default 120)`;

let values;
try {
  ({ values } = parseArgs({
    strict: true,
    options: {
      url: { type: 'string' },
      requests: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '1' },
      warmup: { type: 'string', default: '50' },
      model: { type: 'string', default: 'mockup:mock-gpt' },
      header: { type: 'string', multiple: true, default: [] },
      'clock-url': { type: 'string' },
      'correct-clock': { type: 'boolean', default: false },
      label: { type: 'string', default: '' },
      'timeout-ms': { type: 'string', default: '30000' },
      'max-seconds': { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

function fail(message) {
  console.error(`ttfb: ${message}\n${usage}`);
  process.exit(2);
}
function whole(name, min) {
  const n = Number(values[name]);
  if (!/^\d+$/.test(values[name]) || n < min) fail(`--${name} must be a whole number >= ${min}`);
  return n;
}
function loopback(text, name) {
  let url;
  try {
    url = new URL(text);
  } catch {
    fail(`--${name} is not a URL`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) fail(`--${name} must be an http URL on loopback`);
  return url;
}

if (!values.url) fail('--url is required');
const target = loopback(values.url, 'url');
const clockUrl = values['clock-url'] ? loopback(values['clock-url'], 'clock-url') : null;
if (values['correct-clock'] && !clockUrl) fail('--correct-clock needs --clock-url');
const total = whole('requests', 1);
const concurrency = whole('concurrency', 1);
const warmup = whole('warmup', 0);
const timeoutMs = whole('timeout-ms', 1);
const maxSeconds = whole('max-seconds', 1);
const headers = { 'content-type': 'application/json', accept: 'text/event-stream' };
for (const h of values.header) {
  const colon = h.indexOf(':');
  if (colon <= 0) fail(`--header '${h}' is not 'Name: value'`);
  headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
}
// Temperature 0.7: a temperature-0 request could be answered by Switchboard's response cache.
const body = JSON.stringify({
  model: values.model,
  stream: true,
  temperature: 0.7,
  max_tokens: 32,
  messages: [{ role: 'user', content: 'Say hello in one short sentence.' }],
});
headers['content-length'] = Buffer.byteLength(body);

const nowMs = () => performance.timeOrigin + performance.now();
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function getJson(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', d => { text += d; });
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error('clock request timed out')));
    req.on('error', reject);
  });
}

// NTP-style: the upstream read its clock somewhere inside [sent, received]; the shortest round trip bounds it best.
async function clockOffset() {
  if (!clockUrl) return { offsetMs: null, rttMs: null };
  let best = null;
  for (let i = 0; i < 21; i++) {
    const sent = nowMs();
    const { now_ms: remote } = await getJson(clockUrl);
    const received = nowMs();
    const rtt = received - sent;
    if (i > 0 && (best === null || rtt < best.rttMs)) best = { offsetMs: remote - (sent + received) / 2, rttMs: rtt };
  }
  return best;
}

// One streaming request: resolves with its timings, or with an error description.
function once(offsetMs) {
  return new Promise(resolve => {
    const start = performance.now();
    const result = { headersMs: null, firstChunkMs: null, totalMs: null, forwardMs: null, source: null, error: null, status: 0 };
    let settled = false;
    const finish = error => {
      if (settled) return;
      settled = true;
      if (error) result.error = error;
      resolve(result);
    };
    const req = http.request(target, { method: 'POST', agent, headers }, res => {
      result.headersMs = performance.now() - start;
      result.status = res.statusCode;
      res.setEncoding('utf8');
      let buffer = '';
      let done = false;
      res.on('data', text => {
        const receivedAt = performance.now();
        buffer += text;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const data = event.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
          if (data === '') continue;
          if (data === '[DONE]') {
            done = true;
            continue;
          }
          if (result.firstChunkMs !== null || res.statusCode !== 200) continue;
          let chunk;
          try {
            chunk = JSON.parse(data);
          } catch {
            continue;
          }
          const content = chunk?.choices?.[0]?.delta?.content;
          if (typeof content !== 'string' || content === '') continue;
          result.firstChunkMs = receivedAt - start;
          const marker = /@(\d+(?:\.\d+)?)/.exec(content);
          const sentAt = marker ? Number(marker[1]) : typeof chunk.x_sent_at_ms === 'number' ? chunk.x_sent_at_ms : null;
          if (sentAt !== null) {
            result.forwardMs = performance.timeOrigin + receivedAt - (sentAt - offsetMs);
            result.source = marker ? 'content' : 'field';
          }
        }
      });
      res.on('end', () => {
        result.totalMs = performance.now() - start;
        if (res.statusCode !== 200) finish(`HTTP ${res.statusCode}`);
        else if (!done) finish('stream ended without [DONE]');
        else if (result.firstChunkMs === null) finish('no content chunk');
        else finish(null);
      });
      res.on('error', error => finish(error.message));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', error => finish(error.message));
    req.end(body);
  });
}

async function runMany(count, offsetMs, deadline) {
  const results = [];
  let issued = 0;
  async function worker() {
    while (issued < count && performance.now() < deadline) {
      issued++;
      results.push(await once(offsetMs));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

function percentiles(samples) {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const at = q => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  const r = x => Math.round(x * 1000) / 1000;
  return { p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(sorted[sorted.length - 1]), n: sorted.length };
}

const deadline = performance.now() + maxSeconds * 1000;
const clock = await clockOffset();
const appliedOffsetMs = values['correct-clock'] ? clock.offsetMs : 0;
if (warmup > 0) await runMany(warmup, appliedOffsetMs, deadline);
const started = performance.now();
const results = await runMany(total, appliedOffsetMs, deadline);
const elapsedS = (performance.now() - started) / 1000;
agent.destroy();

const ok = results.filter(r => r.error === null);
const errors = results.filter(r => r.error !== null);
const errorKinds = {};
for (const r of errors) errorKinds[r.error] = (errorKinds[r.error] ?? 0) + 1;
const sources = [...new Set(ok.map(r => r.source).filter(Boolean))];
const summary = {
  label: values.label,
  url: target.href,
  requests: results.length,
  concurrency,
  elapsed_s: Math.round(elapsedS * 1000) / 1000,
  ok: ok.length,
  errors: errors.length,
  non2xx: results.filter(r => r.status !== 0 && (r.status < 200 || r.status > 299)).length,
  error_kinds: errorKinds,
  clock_offset_ms: clock.offsetMs === null ? null : Math.round(clock.offsetMs * 1000) / 1000,
  clock_corrected: values['correct-clock'],
  clock_rtt_ms: clock.rttMs === null ? null : Math.round(clock.rttMs * 1000) / 1000,
  headers_ms: percentiles(ok.map(r => r.headersMs)),
  first_chunk_ms: percentiles(ok.map(r => r.firstChunkMs)),
  total_ms: percentiles(ok.map(r => r.totalMs)),
  forward_ms: percentiles(ok.filter(r => r.forwardMs !== null).map(r => r.forwardMs)),
  forward_source: sources.join('+') || null,
};
const show = p => (p ? `${p.p50.toFixed(3)} / ${p.p99.toFixed(3)}` : '-');
console.log(`${summary.label || target.href}: ${summary.ok}/${summary.requests} ok, concurrency ${concurrency}, `
  + `p50/p99 ms: headers ${show(summary.headers_ms)}, first content chunk ${show(summary.first_chunk_ms)}, `
  + `total ${show(summary.total_ms)}, forwarding delay ${show(summary.forward_ms)} `
  + (clock.offsetMs === null ? '' : `(clock offset estimate ${summary.clock_offset_ms} ms ± ${(clock.rttMs / 2).toFixed(3)}, `
    + `${summary.clock_corrected ? 'subtracted' : 'not subtracted'})`));
if (errors.length > 0) console.log(`errors: ${JSON.stringify(errorKinds)}`);
console.log('TTFBJSON ' + JSON.stringify(summary));
