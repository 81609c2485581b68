// Opens N streaming chat requests against a gateway and holds them open, to measure how many concurrent SSE streams
// it holds and at what memory. Loopback only; bounded in count and time; every socket is closed at the end.
// Usage: node idle-streams.mjs URL N HOLD_SECONDS [MODEL=mockup:mock-gpt]
// Environment: AUTH_TOKEN (sent as a bearer token when set).
import http from 'node:http';

const [url, n = '10000', hold = '30', model = 'mockup:mock-gpt'] = process.argv.slice(2);
const target = new URL(url);
if (!['127.0.0.1', 'localhost'].includes(target.hostname)) throw new Error('loopback only');
const total = Number(n);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hold this stream open' }] });
const stats = { opened: 0, headers: 0, firstChunk: 0, ended: 0, errors: 0, non200: 0, non200Statuses: {} };
const requests = [];
const headers = { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) };
if (process.env.AUTH_TOKEN) headers.authorization = `Bearer ${process.env.AUTH_TOKEN}`;

function open() {
  const req = http.request(target, { method: 'POST', agent, headers }, res => {
    stats.headers++;
    if (res.statusCode !== 200) {
      stats.non200++;
      stats.non200Statuses[res.statusCode] = (stats.non200Statuses[res.statusCode] ?? 0) + 1;
    }
    let first = true;
    res.on('data', () => { if (first) { first = false; stats.firstChunk++; } });
    res.on('end', () => stats.ended++);
    res.on('error', () => stats.errors++);
  });
  req.on('error', () => stats.errors++);
  req.end(body);
  requests.push(req);
  stats.opened++;
}

const started = Date.now();
await new Promise(resolve => {
  const timer = setInterval(() => {
    for (let i = 0; i < 250 && stats.opened < total; i++) open();
    if (stats.opened >= total) { clearInterval(timer); resolve(); }
  }, 50);
});
const openedMs = Date.now() - started;
await new Promise(resolve => setTimeout(resolve, Number(hold) * 1000));
const held = { ...stats, openMs: openedMs, holdingNow: stats.firstChunk - stats.ended };
for (const req of requests) req.destroy();
console.log('IDLEJSON ' + JSON.stringify(held));
setTimeout(() => process.exit(0), 500);
