// Chaos through toxy (npm): stormproof-cli load sends N streamed requests through a toxy proxy in front of
// stormproof-sim, which adds latency, resets, slow reads, injected 429/503 (with retry-after-ms) and bodies cut
// in the middle. Then it checks, from the CLI's event log and the simulator's own request log:
//   - every request ends in exactly one terminal state (one request_finished per trace), within its deadline
//     plus one second;
//   - nothing crashed or hung (the CLI exits 0 or 1 within the time limit);
//   - the idempotency key is the same on every attempt of a request (each key the simulator saw belongs to
//     exactly one request, and a request's attempts at the simulator all carried its key);
//   - no reply is delivered twice.
// usage: node chaos.js STORMPROOF_SIM STORMPROOF_CLI [REQUESTS]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

let toxy;
try {
  toxy = require('toxy');
} catch (e) {
  console.error(`FAIL: toxy is not installed in tests/chaos/node_modules (run scripts/setup): ${e.message}`);
  process.exit(1);
}

const [simBin, cliBin, requestsArg] = process.argv.slice(2);
const REQUESTS = Number(requestsArg || 2000);
const CONCURRENCY = 32;
const DEADLINE_MS = 8000;

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
}

function startSim() {
  return new Promise((resolve, reject) => {
    // Streams long enough to be cut in the middle: ~40 tokens at 800 tokens/s.
    const scenario = path.join(os.tmpdir(), `chaos-scenario-${process.pid}.json`);
    fs.writeFileSync(scenario, JSON.stringify({
      name: 'chaos-backend',
      reply: { min_tokens: 30, max_tokens: 50, first_token_ms: 10, tokens_per_s: 800 },
      faults: [{ kind: 'stall', probability: 0.16, after_tokens: 5, stall_ms: 400 }],
    }));
    const sim = spawn(simBin, ['--port', '0', '--scenario', scenario, '--seed', '9'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    sim.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve({ sim, url: m[1] });
    });
    sim.on('exit', (code) => reject(new Error('stormproof-sim exited ' + code)));
  });
}

function startProxy(target) {
  const proxy = toxy({ forwardHost: true });
  proxy.forward(target);
  const P = toxy.poisons;
  const R = toxy.rules;
  // Each poison on its own share of requests; together about half the requests meet at least one.
  proxy.poison(P.latency({ jitter: 300 })).withRule(R.probability(20));
  proxy.poison(P.inject({ code: 503, body: '{"error":{"message":"toxy: unavailable","type":"server_error"}}',
                          headers: { 'content-type': 'application/json' } })).withRule(R.probability(10));
  proxy.poison(P.inject({ code: 429, body: '{"error":{"message":"toxy: slow down","type":"rate_limit_exceeded"}}',
                          headers: { 'content-type': 'application/json', 'retry-after-ms': '50' } }))
       .withRule(R.probability(8));
  proxy.poison(P.abort()).withRule(R.probability(5));                        // reset before any answer
  // A body cut in the middle: toxy's timeout drops a connection that goes quiet for 150 ms. Some replies pause
  // for 400 ms after their fifth token (the backend scenario), so those the timeout meets lose their socket
  // mid-stream. (toxy's abort poison only ever cuts before the response, and its throttle poison crashes the
  // proxy when a socket closes under it.)
  proxy.poison(P.timeout(150)).withRule(R.probability(50));
  proxy.poison(P.slowRead({ chunk: 256, threshold: 20 })).withRule(R.probability(5));
  proxy.all('/*');
  return new Promise((resolve) => {
    const server = proxy.listen(0, '127.0.0.1');   // never all interfaces
    const s = server.server || server;
    const onListen = () => resolve({ proxy, url: `http://127.0.0.1:${s.address().port}` });
    if (s.listening) onListen(); else s.on('listening', onListen);
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

async function main() {
  const { sim, url: simUrl } = await startSim();
  simProcess = sim;
  const { proxy, url: proxyUrl } = await startProxy(simUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-'));
  const policy = path.join(dir, 'policy.json');
  fs.writeFileSync(policy, JSON.stringify({
    version: 1,
    targets: [{ name: 'through-toxy', provider: 'openai', base_url: proxyUrl + '/v1', model: 'gpt-4o-mini' }],
    retry: { max_attempts: 5, base_delay_ms: 50, max_delay_ms: 1000 },
    timeouts: { connect_ms: 2000, first_token_ms: 3000, idle_ms: 2000, attempt_ms: 6000, deadline_ms: DEADLINE_MS },
    stream: { after_first_token: 'restart' },
    budget: { enabled: false },
    circuit_breaker: { enabled: false },
  }));
  const events = path.join(dir, 'events.jsonl');
  const started = Date.now();
  const cli = spawn(cliBin, ['load', '--policy', policy, '--requests', String(REQUESTS), '--concurrency', String(CONCURRENCY),
                             '--stream', '--json', '--events', events], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  cli.stdout.on('data', (d) => (out += d));
  const limitMs = (REQUESTS / CONCURRENCY) * (DEADLINE_MS + 1000) + 60000;
  const killer = setTimeout(() => { fail(`stormproof-cli load hung past ${limitMs} ms`); cli.kill('SIGKILL'); }, limitMs);
  const code = await new Promise((resolve) => cli.on('exit', (c, signal) => resolve(signal ? signal : c)));
  clearTimeout(killer);
  const wallMs = Date.now() - started;
  if (code !== 0 && code !== 1) fail(`stormproof-cli exited with ${code} (a crash?)`);

  const summary = JSON.parse(out);
  const lines = fs.readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const finished = new Map();
  const attemptsOf = new Map();
  for (const e of lines) {
    if (e.event === 'request_finished') {
      if (finished.has(e.trace_id)) fail(`request ${e.trace_id} finished twice (a reply delivered twice)`);
      finished.set(e.trace_id, e);
    }
    if (e.event === 'attempt_started') attemptsOf.set(e.trace_id, (attemptsOf.get(e.trace_id) || 0) + 1);
  }
  const started_ = lines.filter((e) => e.event === 'request_started').length;
  if (started_ !== REQUESTS) fail(`${started_} requests started, expected ${REQUESTS}`);
  if (finished.size !== REQUESTS) fail(`${finished.size} requests reached a terminal state, expected ${REQUESTS}`);
  let late = 0;
  for (const e of finished.values()) if ((e.duration_ms || 0) > DEADLINE_MS + 1000) late++;
  if (late) fail(`${late} requests ended later than their deadline + 1 s`);

  // The simulator's own log: which idempotency keys reached it, and how often.
  const log = await get(simUrl + '/_sim/requests');
  const records = log.requests || log;
  const keyToTrace = new Map();
  for (const e of finished.values()) {
    if (!e.idempotency_key) fail(`request ${e.trace_id} has no idempotency key`);
    if (keyToTrace.has(e.idempotency_key)) fail(`two requests share idempotency key ${e.idempotency_key}`);
    keyToTrace.set(e.idempotency_key, e.trace_id);
  }
  const seenPerKey = new Map();
  let chatRecords = 0;
  for (const r of records) {
    if (!String(r.path || '').includes('/chat/completions')) continue;
    chatRecords++;
    const key = r.idempotency_key || r['idempotency-key'];
    if (!keyToTrace.has(key)) { fail(`the simulator saw key ${key}, which belongs to no request`); continue; }
    seenPerKey.set(key, (seenPerKey.get(key) || 0) + 1);
  }
  for (const [key, n] of seenPerKey) {
    const trace = keyToTrace.get(key);
    if (n > (attemptsOf.get(trace) || 0)) fail(`request ${trace}: the simulator saw its key ${n} times, more than its ${attemptsOf.get(trace)} attempts`);
  }
  const attempts = [...attemptsOf.values()].reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({
    requests: REQUESTS, succeeded: summary.succeeded, failed: summary.failed, attempts,
    simulator_saw: chatRecords, distinct_keys_at_simulator: seenPerKey.size,
    wall_ms: wallMs, exit: code, cli: summary,
  }));
  proxy.close && proxy.close();
  sim.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}

let simProcess = null;
process.on('exit', () => simProcess && simProcess.kill());
main().catch((e) => { console.error(e); process.exit(1); }).then(() => process.exit(process.exitCode || 0));
