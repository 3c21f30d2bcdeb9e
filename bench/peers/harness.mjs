// bench/peers/harness.mjs — run by bench/peers/run. For each scenario and each client, one after another: a
// fresh stormproof-sim on 127.0.0.1, the scenario posted to it, the client's load, then the simulator's own
// request log. Figures come from what the simulator saw (attempts) and what the client returned (texts,
// latencies), so a client cannot look better by counting differently. Writes bench/results/peers.{json,md}.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const ALL_CLIENTS = ['stormproof', 'openai-node', 'cockatiel', 'portkey'];
const ALL_SCENARIOS = ['flaky', 'outage', 'streams'];
const MAX_ATTEMPTS = 5;  // the issue's common policy: 5 attempts per target, the first included
const API_KEY = 'sk-bench-not-a-secret';
const RUN_TIMEOUT_MS = 15 * 60_000;

function usage(message) {
  if (message) console.error(`bench/peers/run: ${message}`);
  console.error(`usage: bench/peers/run [--scenarios ${ALL_SCENARIOS.join(',')}] [--clients ${ALL_CLIENTS.join(',')}]
                      [--scale F] [--out DIR] [--check]
  --scale F   multiply request counts (and the outage) by F, e.g. 0.05 for a smoke run (default 1)
  --out DIR   where peers.json and peers.md go (default bench/results)
  --check     exit 1 unless Stormproof never truncated silently and delivered every outage and stream reply
              (the ctest smoke run); exit 1 when bench/peers/node_modules is missing`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { scenarios: ALL_SCENARIOS, clients: ALL_CLIENTS, scale: 1, out: join(root, 'bench/results'), check: false,
    sim: process.env.STORMPROOF_SIM, cli: process.env.STORMPROOF_CLI };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${argv[i]} needs a value`));
    const list = (allowed, flag) => {
      const names = value().split(',').filter(Boolean);
      for (const n of names) if (!allowed.includes(n)) usage(`${flag}: unknown "${n}" (one of ${allowed.join(', ')})`);
      return names;
    };
    switch (argv[i]) {
      case '--scenarios': o.scenarios = list(ALL_SCENARIOS, '--scenarios'); break;
      case '--clients': o.clients = list(ALL_CLIENTS, '--clients'); break;
      case '--scale': o.scale = Number(value()); if (!(o.scale > 0 && o.scale <= 10)) usage('--scale must be in (0, 10]'); break;
      case '--out': o.out = resolve(value()); break;
      case '--sim': o.sim = value(); break;
      case '--cli': o.cli = value(); break;
      case '--check': o.check = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.sim || !o.cli) usage('the stormproof-sim and stormproof-cli binaries are needed (--sim, --cli)');
  return o;
}

function loadSpec(name, scale) {
  const spec = JSON.parse(readFileSync(join(here, 'scenarios', `${name}.json`), 'utf8'));
  spec.requests = Math.max(8, Math.round(spec.requests * scale));
  if (spec.outage_ms) {
    // A smaller run shortens the outage with the load, so the run still spans outage and recovery.
    spec.outage_ms = Math.max(2000, Math.round(spec.outage_ms * scale));
    spec.simulator.phases[0].duration_ms = spec.outage_ms;
  }
  return spec;
}

// --- processes ---------------------------------------------------------------------------------------------

function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = '';
  child.stdout.on('data', (d) => { child.output += d; });
  child.stderr.on('data', (d) => { child.output += d; });
  child.exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return child;
}

async function waitForOutput(child, pattern, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = child.output.match(pattern);
    if (m) return m;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} did not start: ${child.output.slice(-2000)}`);
}

async function finish(child, what) {
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  return { code, signal, ok: signal === null, describe: `${what} exited with ${signal ?? code}` };
}

// CPU time (ms) and peak resident memory (MB) of a running process, from /proc (Linux).
function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);  // utime + stime, in clock ticks (100 per second)
  const hwm = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return { cpu_ms: ticks * 10, peak_rss_mb: hwm ? Number(hwm[1]) / 1024 : 0 };
}

// Every listening socket on `port` must be 127.0.0.1: the benchmark never opens a port beyond loopback.
function assertLoopbackOnly(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const bad = [];
  let found = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue;  // 0A: LISTEN
      const [address, p] = f[1].split(':');
      if (p !== hexPort) continue;
      found = true;
      if (address !== '0100007F' && address !== '0000000000000000FFFF00000100007F') bad.push(address);
    }
  }
  if (!found) throw new Error(`nothing listens on port ${port}`);
  if (bad.length) throw new Error(`port ${port} is bound beyond loopback (${bad.join(', ')})`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// --- the simulator -----------------------------------------------------------------------------------------

async function startSimulator(opts) {
  const sim = start(opts.sim, ['--host', '127.0.0.1', '--port', '0', '--seed', '7']);
  const m = await waitForOutput(sim, /listening on (http:\/\/127\.0\.0\.1:(\d+))/, 'stormproof-sim');
  sim.url = m[1];
  return sim;
}

async function postScenario(sim, scenario) {
  const before = Date.now();
  const response = await fetch(`${sim.url}/_sim/scenario`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario),
  });
  if (!response.ok) throw new Error(`the simulator refused the scenario: ${await response.text()}`);
  return Math.round((before + Date.now()) / 2);  // when its phases started, within a millisecond or two
}

async function chatRecords(sim) {
  const response = await fetch(`${sim.url}/_sim/requests`);
  const log = await response.json();
  if (log.total > log.requests.length) throw new Error(`the simulator log dropped ${log.total - log.requests.length} records`);
  return log.requests.filter((r) => r.path === "/v1/chat/completions");
}

// --- the clients -------------------------------------------------------------------------------------------

function stormproofPolicy(spec, simUrl) {
  const target = (name, model) => ({
    name, provider: 'openai', base_url: `${simUrl}/v1`, model, api_keys: [{ env: 'STORMPROOF_BENCH_KEY' }],
  });
  return {
    version: 1,
    targets: spec.fallback ? [target('primary', 'bench-primary'), target('fallback', 'bench-fallback')]
      : [target('primary', 'bench-primary')],
    // The common policy: 5 attempts, exponential backoff from 0.5 s to 8 s (the OpenAI SDK's curve, which
    // cannot be changed), full jitter; the server's retry-after wins.
    retry: { max_attempts: MAX_ATTEMPTS, base_delay_ms: 500, max_delay_ms: 8000, backoff: 'exponential', jitter: 'full' },
    // The default budget (20% retries) would refuse some of the flaky scenario's 40% failures on purpose —
    // peers have no budget at all; 1.0 still caps retries at one per request on average.
    budget: { enabled: true, retry_ratio: 1.0 },
    // A cut stream is restarted from the beginning (the text so far is discarded), never passed off as whole.
    stream: { after_first_token: 'restart' },
  };
}

async function runStormproof(spec, sim, opts, work) {
  const policyPath = join(work, 'policy.json');
  const repliesPath = join(work, 'replies.jsonl');
  writeFileSync(policyPath, JSON.stringify(stormproofPolicy(spec, sim.url), null, 2));
  const args = ['load', '--policy', policyPath, '--requests', String(spec.requests), '--concurrency',
    String(spec.concurrency), '--json', '--replies', repliesPath];
  if (spec.rate_per_s) args.push('--rate', String(spec.rate_per_s));
  if (spec.stream) args.push('--stream');
  const child = start(opts.cli, args, { env: { ...process.env, STORMPROOF_BENCH_KEY: API_KEY } });
  const done = await finish(child, 'stormproof-cli');
  if (!done.ok || done.code > 1) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  const summary = JSON.parse(child.output.slice(child.output.indexOf('{')));
  const replies = readFileSync(repliesPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { replies, cpu_ms: summary.cpu_ms, peak_rss_mb: summary.peak_rss_mb, wall_ms: summary.wall_ms };
}

async function runNodeClient(name, spec, sim, work, extra = {}) {
  const configPath = join(work, 'config.json');
  const outPath = join(work, 'out.json');
  writeFileSync(configPath, JSON.stringify({
    base_url: `${sim.url}/v1`, api_key: API_KEY, primary_model: 'bench-primary',
    fallback_model: spec.fallback ? 'bench-fallback' : null, requests: spec.requests,
    concurrency: spec.concurrency, rate_per_s: spec.rate_per_s, stream: spec.stream, max_attempts: MAX_ATTEMPTS,
    ...extra,
  }));
  const child = start(process.execPath, [join(here, 'clients', `${name}.mjs`), configPath, outPath]);
  const done = await finish(child, name);
  if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  return JSON.parse(readFileSync(outPath, 'utf8'));
}

async function runPortkey(spec, sim, work) {
  const port = await freePort();
  const gateway = start(process.execPath, ['--import', join(here, 'gateway/loopback.mjs'),
    join(here, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'],
  { env: { ...process.env, NODE_ENV: 'production' } });
  try {
    await waitForOutput(gateway, /Ready for connections/, 'the Portkey gateway');
    assertLoopbackOnly(port);
    const before = procStats(gateway.pid);
    const run = await runNodeClient('portkey', spec, sim, work, { gateway_url: `http://127.0.0.1:${port}` });
    const after = procStats(gateway.pid);
    // The app and the gateway together are what it costs to get these calls made.
    run.cpu_ms += after.cpu_ms - before.cpu_ms;
    run.peak_rss_mb = Math.round((run.peak_rss_mb + after.peak_rss_mb) * 10) / 10;
    return run;
  } finally {
    gateway.kill('SIGTERM');
    await gateway.exited;
  }
}

// --- figures -----------------------------------------------------------------------------------------------

// The simulator's reply_sha: FNV-1a 64 of the whole reply's UTF-8 bytes.
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

function figures(spec, run, records, t0) {
  const whole = new Set(records.map((r) => r.reply_sha).filter(Boolean));
  const replies = run.replies.filter(Boolean);
  let succeeded = 0;
  let failed = 0;
  let truncated = 0;
  for (const r of replies) {
    if (!r.ok) ++failed;
    else if (whole.has(fnv1a64(r.text))) ++succeeded;
    else ++truncated;  // returned as a success, but not the reply the simulator generated: the worst outcome
  }
  const latencies = replies.map((r) => r.total_ms);
  const out = {
    requests: spec.requests,
    success_rate: Math.round((succeeded / spec.requests) * 10000) / 10000,
    succeeded,
    failed,
    silently_truncated: truncated,
    attempts: records.length,
    wasted_attempts: records.length - succeeded,
    wall_ms: Math.round(run.wall_ms),
    cpu_ms_per_request: Math.round((run.cpu_ms / spec.requests) * 1000) / 1000,
    peak_rss_mb: Math.round(run.peak_rss_mb * 10) / 10,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
  };
  if (spec.outage_ms) {
    const end = t0 + spec.outage_ms;
    out.primary_attempts_during_outage = records.filter((r) => r.model === 'bench-primary' && r.ts_ms < end).length;
    out.p95_during_outage_ms = percentile(replies.filter((r) => r.started_unix_ms < end).map((r) => r.total_ms), 95);
    const back = records.find((r) => r.model === 'bench-primary' && r.status === 200 && r.ts_ms >= end);
    out.time_to_primary_ms = back ? back.ts_ms - end : null;
  }
  return out;
}

// --- the report --------------------------------------------------------------------------------------------

function versions() {
  const v = {};
  for (const p of ['openai', 'cockatiel', '@portkey-ai/gateway', '@hono/node-server']) {
    try { v[p] = JSON.parse(readFileSync(join(here, 'node_modules', p, 'package.json'), 'utf8')).version; } catch { v[p] = '?'; }
  }
  return v;
}

function markdown(result, command) {
  const lines = [];
  const m = result.machine;
  lines.push('# Peers: the same faults against Stormproof, the OpenAI SDK, cockatiel and the Portkey gateway', '');
  lines.push(`- machine: ${m.host}, ${m.cpus}× ${m.cpu_model}, ${m.memory_gb} GB, Linux ${m.kernel}, Node ${m.node}`);
  lines.push(`- date: ${result.date}`);
  lines.push(`- command: \`${command}\``);
  lines.push(`- packages: ${Object.entries(result.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push('- one run; each client alone against a fresh simulator; attempts as the simulator counted them;',
    '  a success is a reply identical to the one the simulator generated (its reply_sha); CPU is the client',
    '  process (for Portkey: the app plus the gateway) during the load; (×N) is the ratio to Stormproof.', '');
  const cols = [
    ['success_rate', 'success', (v) => `${(v * 100).toFixed(1)}%`],
    ['silently_truncated', 'silently truncated', String],
    ['attempts', 'attempts', String],
    ['wasted_attempts', 'wasted attempts', String],
    ['wall_ms', 'wall ms', String],
    ['cpu_ms_per_request', 'CPU ms/request', (v) => v.toFixed(3)],
    ['peak_rss_mb', 'peak RSS MB', (v) => v.toFixed(1)],
    ['p50_ms', 'p50 ms', String],
    ['p95_ms', 'p95 ms', String],
    ['primary_attempts_during_outage', 'primary attempts in outage', String],
    ['p95_during_outage_ms', 'p95 in outage ms', String],
    ['time_to_primary_ms', 'back on primary after ms', String],
  ];
  const ratioOf = new Set(['wasted_attempts', 'cpu_ms_per_request', 'peak_rss_mb', 'p95_ms', 'wall_ms']);
  for (const [name, clients] of Object.entries(result.scenarios)) {
    lines.push(`## ${name}`, '', result.descriptions[name], '');
    const used = cols.filter(([key]) => Object.values(clients).some((c) => c[key] !== undefined));
    lines.push(`| client | ${used.map(([, title]) => title).join(' | ')} |`);
    lines.push(`|---|${used.map(() => '---:').join('|')}|`);
    const base = clients.stormproof;
    for (const [client, f] of Object.entries(clients)) {
      if (f.error) { lines.push(`| ${client} | ${used.map(() => '—').join(' | ')} |`, '', `${client}: ${f.error}`, ''); continue; }
      const cells = used.map(([key, , fmt]) => {
        const v = f[key];
        if (v === null || v === undefined) return '—';
        let cell = fmt(v);
        if (client !== 'stormproof' && base && ratioOf.has(key) && base[key] > 0) cell += ` (×${(v / base[key]).toFixed(1)})`;
        return cell;
      });
      lines.push(`| ${client} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

// --- main --------------------------------------------------------------------------------------------------

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(join(here, 'node_modules', 'openai'))) {
  console.error('FAIL: bench/peers/node_modules missing (run scripts/setup, or npm ci in bench/peers)');
  process.exit(1);
}
const result = {
  machine: {
    host: hostname(), cpus: cpus().length, cpu_model: cpus()[0]?.model?.trim() ?? '?',
    memory_gb: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.versions.node,
  },
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  versions: versions(),
  descriptions: {},
  scenarios: {},
};
const work = mkdtempSync(join(tmpdir(), 'stormproof-peers-'));
try {
  for (const name of opts.scenarios) {
    const spec = loadSpec(name, opts.scale);
    result.descriptions[name] = spec.description;
    result.scenarios[name] = {};
    for (const client of opts.clients) {
      process.stderr.write(`${name} × ${client}: ${spec.requests} requests … `);
      const dir = join(work, `${name}-${client}`);
      mkdirSync(dir);
      const sim = await startSimulator(opts);
      try {
        const t0 = await postScenario(sim, spec.simulator);
        const run = client === 'stormproof' ? await runStormproof(spec, sim, opts, dir)
          : client === 'portkey' ? await runPortkey(spec, sim, dir)
            : await runNodeClient(client, spec, sim, dir);
        const f = figures(spec, run, await chatRecords(sim), t0);
        result.scenarios[name][client] = f;
        process.stderr.write(`success ${(f.success_rate * 100).toFixed(1)}%, attempts ${f.attempts}, ` +
          `truncated ${f.silently_truncated}, ${f.cpu_ms_per_request} CPU ms/request, wall ${f.wall_ms} ms\n`);
      } catch (error) {
        result.scenarios[name][client] = { error: String(error.message ?? error).slice(0, 500) };
        process.stderr.write(`FAILED: ${error.message}\n`);
      } finally {
        sim.kill('SIGTERM');
        await sim.exited;
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(opts.out, { recursive: true });
const command = `bench/peers/run${process.argv.slice(2).filter((a, i, all) => !['--sim', '--cli'].includes(a) && !['--sim', '--cli'].includes(all[i - 1])).map((a) => ` ${a}`).join('')}`;
writeFileSync(join(opts.out, 'peers.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(opts.out, 'peers.md'), markdown(result, command));
process.stdout.write(markdown(result, command));
const problems = Object.entries(result.scenarios).flatMap(([name, clients]) =>
  Object.entries(clients).filter(([, f]) => f.error).map(([client, f]) => `${name} × ${client}: ${f.error}`));
if (opts.check) {
  for (const [name, clients] of Object.entries(result.scenarios)) {
    const s = clients.stormproof;
    if (!s || s.error) continue;
    if (s.silently_truncated) problems.push(`${name}: Stormproof passed off ${s.silently_truncated} truncated replies`);
    if ((name === 'outage' || name === 'streams') && s.success_rate < 1)
      problems.push(`${name}: Stormproof delivered ${s.succeeded} of ${s.requests} replies whole`);
  }
}
for (const p of problems) console.error(`bench/peers: ${p}`);
process.exit(problems.length ? 1 : 0);
