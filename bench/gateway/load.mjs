// bench/gateway/load.mjs — the one load tool of the overhead runs, the same for the simulator directly and for
// each gateway: C workers in a closed loop over one keep-alive agent (at most C sockets), POSTing the same
// non-streaming chat request to 127.0.0.1, until N requests or T ms, whichever comes first.
//   node load.mjs CONFIG.json OUT.json
// CONFIG: {url, headers, body, concurrency, requests, max_ms, warmup}. OUT: {ok, failed, wall_ms, latencies_us,
// first_error}. Latency is from the request's write to the last byte of its body.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const [configPath, outPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const url = new URL(config.url);
if (url.hostname !== '127.0.0.1') throw new Error(`load.mjs talks to 127.0.0.1 only, not ${url.hostname}`);
const body = Buffer.from(JSON.stringify(config.body));
const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency, maxFreeSockets: config.concurrency });
const headers = { 'content-type': 'application/json', 'content-length': String(body.length), ...config.headers };

function once() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const us = Number(process.hrtime.bigint() - start) / 1000;
          const ok = res.statusCode === 200;
          resolve({ ok, us, error: ok ? null : `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}` });
        });
        res.on('error', (e) => resolve({ ok: false, us: 0, error: String(e) }));
      });
    req.on('error', (e) => resolve({ ok: false, us: 0, error: String(e) }));
    req.end(body);
  });
}

async function run(requests, maxMs, record) {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < requests && performance.now() - t0 < maxMs) {
      ++next;
      record(await once());
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  return performance.now() - t0;
}

// Warm-up: connections open, JIT warm, the gateway's pools filled; not measured.
await run(config.warmup ?? 0, 10_000, () => {});
const latencies = [];
let ok = 0;
let failed = 0;
let firstError = null;
const wallMs = await run(config.requests, config.max_ms, (r) => {
  if (r.ok) { ++ok; latencies.push(r.us); } else { ++failed; firstError ??= r.error; }
});
agent.destroy();
writeFileSync(outPath, JSON.stringify({ ok, failed, wall_ms: wallMs, latencies_us: latencies, first_error: firstError }));
