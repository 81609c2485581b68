// A fake OpenAI-compatible upstream for Switchboard's load harness: POST /v1/chat/completions (JSON, or SSE with
// "stream": true) and GET /v1/models, with a configurable delay, chunk count and inter-chunk delay. Node only, no
// dependencies. Loopback only.
//
// Every streamed chunk carries the time it was written, as epoch milliseconds with a fraction
// (performance.timeOrigin + performance.now()), twice: in a custom field "x_sent_at_ms", which a gateway drops, and
// in the content text itself ("@<ms>"), which a gateway forwards. ttfb.mjs, on the same machine, subtracts it from the
// time it receives the chunk to get the forwarding delay.
//
// Also GET /stats (request counters) and GET /clock (this process's epoch ms, for a driver's clock-offset estimate).
//
// Usage: node fake-upstream.mjs [--port 0] [--host 127.0.0.1] [--latency-ms 0] [--chunks 20] [--chunk-interval-ms 0]
//                               [--flush-headers] [--http2]
// Each flag also reads FAKE_UPSTREAM_<NAME> from the environment (FAKE_UPSTREAM_LATENCY_MS=50, FAKE_UPSTREAM_HTTP2=1);
// a flag wins. Once listening it prints one line: "fake-upstream listening on http://127.0.0.1:<port> ...".
import http from 'node:http';
import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const usage = `usage: node fake-upstream.mjs [options]
  --port N               port on the host; 0 picks a free one (default 0)
  --host ADDR            127.0.0.1 or ::1 only (default 127.0.0.1)
  --latency-ms N         delay before the response headers, or before the first chunk with --flush-headers (default 0)
  --chunks N             chat.completion.chunk events with a choice: one role chunk, N-2 content chunks and one
                         finish chunk, then a usage chunk if asked for, then [DONE]; at least 3 (default 20)
  --chunk-interval-ms N  delay between two chunks; 0 writes the whole stream at once (default 0)
  --flush-headers        send the response headers at once and apply --latency-ms to the first chunk
  --http2                serve cleartext HTTP/2 with prior knowledge (h2c) instead of HTTP/1.1
Each option also reads FAKE_UPSTREAM_<NAME> (e.g. FAKE_UPSTREAM_CHUNK_INTERVAL_MS); a flag wins.`;

const spec = {
  port: { type: 'string' },
  host: { type: 'string' },
  'latency-ms': { type: 'string' },
  chunks: { type: 'string' },
  'chunk-interval-ms': { type: 'string' },
  'flush-headers': { type: 'boolean' },
  http2: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function fail(message) {
  console.error(`fake-upstream: ${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: spec, strict: true }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const fromEnv = name => process.env['FAKE_UPSTREAM_' + name.toUpperCase().replaceAll('-', '_')];
function option(name, fallback) {
  return values[name] ?? fromEnv(name) ?? fallback;
}
function count(name, fallback, min = 0) {
  const text = String(option(name, fallback));
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) fail(`--${name} must be a whole number >= ${min}, not '${text}'`);
  return n;
}
function flag(name) {
  const v = values[name] ?? fromEnv(name);
  return v === true || v === '1' || v === 'true';
}

const host = option('host', '127.0.0.1');
if (host !== '127.0.0.1' && host !== '::1') fail(`--host must be a loopback address (127.0.0.1 or ::1), not '${host}'`);
const port = count('port', 0);
if (port > 65535) fail('--port must be at most 65535');
const latencyMs = count('latency-ms', 0);
const chunks = count('chunks', 20, 3);
const intervalMs = count('chunk-interval-ms', 0);
const flushHeaders = flag('flush-headers');
const useHttp2 = flag('http2');

const CREATED = Math.floor(Date.now() / 1000);
const stats = { requests: 0, chat: 0, json: 0, stream: 0, bad: 0, aborted: 0, openStreams: 0, maxOpenStreams: 0 };
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// A chunk is built from text pieces around the send time, so that nothing is serialised per chunk but the number.
function chunkParts(model, delta, finish) {
  const head = `data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","created":${CREATED},`
    + `"model":${JSON.stringify(model)},"system_fingerprint":"fp_fake","x_sent_at_ms":`;
  const choice = `,"choices":[{"index":0,"delta":`;
  const tail = `,"logprobs":null,"finish_reason":${finish ? JSON.stringify(finish) : 'null'}}]}\n\n`;
  return { head, choice, delta, tail };
}

function buildStream(model, includeUsage, usage) {
  const parts = [chunkParts(model, stamp => `{"role":"assistant","content":""}`, null)];
  for (let i = 0; i < chunks - 2; i++) {
    const word = i === 0 ? 'Hello' : ` w${i}`;
    parts.push(chunkParts(model, stamp => `{"content":"${word}@${stamp} "}`, null));
  }
  parts.push(chunkParts(model, () => '{}', 'stop'));
  const render = (p, stamp) => p.head + stamp + p.choice + p.delta(stamp) + p.tail;
  const usageEvent = stamp => `data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","created":${CREATED},`
    + `"model":${JSON.stringify(model)},"system_fingerprint":"fp_fake","x_sent_at_ms":${stamp},"choices":[],`
    + `"usage":${JSON.stringify(usage)}}\n\n`;
  return { parts, render, usageEvent: includeUsage ? usageEvent : null };
}

function usageFor(bodyBytes) {
  const prompt = Math.max(1, Math.round(bodyBytes / 4));
  const completion = chunks - 2;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function sendJson(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res, status, message) {
  stats.bad++;
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
}

async function readBody(req) {
  const buffers = [];
  let size = 0;
  for await (const b of req) {
    size += b.length;
    if (size > 4 * 1024 * 1024) throw new Error('request body over 4 MiB');
    buffers.push(b);
  }
  return Buffer.concat(buffers);
}

async function streamCompletion(req, res, model, includeUsage, usage) {
  stats.stream++;
  stats.openStreams++;
  stats.maxOpenStreams = Math.max(stats.maxOpenStreams, stats.openStreams);
  let closed = false;
  let finished = false;
  res.on('close', () => {
    if (!finished) stats.aborted++;
    closed = true;
    stats.openStreams--;
  });
  const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  if (flushHeaders) {
    res.writeHead(200, headers);
    res.flushHeaders?.();
  }
  if (latencyMs > 0) await sleep(latencyMs);
  if (closed) return;
  if (!flushHeaders) res.writeHead(200, headers);
  const { parts, render, usageEvent } = buildStream(model, includeUsage, usage);
  if (intervalMs === 0) {
    const stamp = nowMs().toFixed(3);
    let text = '';
    for (const p of parts) text += render(p, stamp);
    if (usageEvent) text += usageEvent(stamp);
    finished = true;
    res.end(text + 'data: [DONE]\n\n');
    return;
  }
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      await sleep(intervalMs);
      if (closed) return;
    }
    res.write(render(parts[i], nowMs().toFixed(3)));
  }
  finished = true;
  res.end((usageEvent ? usageEvent(nowMs().toFixed(3)) : '') + 'data: [DONE]\n\n');
}

async function handle(req, res) {
  stats.requests++;
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/stats') return sendJson(res, 200, stats);
  if (req.method === 'GET' && path === '/clock') return sendJson(res, 200, { now_ms: nowMs() });
  if (req.method === 'GET' && path === '/v1/models') {
    return sendJson(res, 200, {
      object: 'list',
      data: [{ id: 'mock-gpt', object: 'model', created: CREATED, owned_by: 'fake-upstream' }],
    });
  }
  if (path !== '/v1/chat/completions') return sendError(res, 404, `No route for ${req.method} ${path}.`);
  if (req.method !== 'POST') return sendError(res, 405, `Use POST for ${path}.`);

  let raw;
  let body;
  try {
    raw = await readBody(req);
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return sendError(res, 400, `The body is not valid JSON: ${error.message}`);
  }
  if (body === null || typeof body !== 'object' || !Array.isArray(body.messages) || body.messages.length === 0) {
    return sendError(res, 400, "'messages' must be a non-empty array.");
  }
  stats.chat++;
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : 'mock-gpt';
  const usage = usageFor(raw.length);
  if (body.stream === true) {
    return streamCompletion(req, res, model, body.stream_options?.include_usage === true, usage);
  }

  stats.json++;
  if (latencyMs > 0) await sleep(latencyMs);
  const words = ['Hello'];
  for (let i = 1; i < chunks - 2; i++) words.push(` w${i}`);
  sendJson(res, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: CREATED,
    model,
    system_fingerprint: 'fp_fake',
    choices: [{
      index: 0,
      message: { role: 'assistant', content: words.join(''), refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    }],
    usage,
  });
}

function onRequest(req, res) {
  handle(req, res).catch(error => {
    console.error(`fake-upstream: ${error.stack ?? error}`);
    if (!res.headersSent) sendError(res, 500, 'The fake upstream failed.');
    else res.destroy();
  });
}

const server = useHttp2
  // Prior-knowledge h2c. Many concurrent streams on one connection are the point, so the per-session memory cap
  // (10 MB by default, then ENHANCE_YOUR_CALM) is raised.
  ? http2.createServer({ maxSessionMemory: 1024, settings: { maxConcurrentStreams: 100_000 } }, onRequest)
  : http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, onRequest);
if (!useHttp2) server.headersTimeout = 66_000;
// A client that goes away mid-stream is normal in a load test, not a reason to stop.
if (useHttp2) server.on('sessionError', () => {});
server.on('error', error => {
  console.error(`fake-upstream: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`fake-upstream listening on http://${shown}:${address.port} protocol=${useHttp2 ? 'h2c' : 'http/1.1'} `
    + `latency_ms=${latencyMs} chunks=${chunks} chunk_interval_ms=${intervalMs} flush_headers=${flushHeaders}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  // HTTP/2 sessions do not close on server.close(); do not wait for them.
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
