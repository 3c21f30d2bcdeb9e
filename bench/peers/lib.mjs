// bench/peers/lib.mjs — what bench/peers/harness.mjs and bench/defaults/run.mjs share: processes with a
// time limit, a fresh stormproof-sim on 127.0.0.1 and its request log, the simulator's reply hash (a success is a
// reply byte-identical to the one the simulator generated), percentiles, the machine and package versions.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, totalmem, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const RUN_TIMEOUT_MS = 15 * 60_000;

// --- processes ---------------------------------------------------------------------------------------------

export function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = '';
  child.stdout.on('data', (d) => { child.output += d; });
  child.stderr.on('data', (d) => { child.output += d; });
  child.exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return child;
}

export async function waitForOutput(child, pattern, what, timeoutMs = 20_000) {
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

export async function finish(child, what) {
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  return { code, signal, ok: signal === null, describe: `${what} exited with ${signal ?? code}` };
}

// CPU time (ms) and peak resident memory (MB) of a running process, from /proc (Linux).
export function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);  // utime + stime, in clock ticks (100 per second)
  const hwm = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return { cpu_ms: ticks * 10, peak_rss_mb: hwm ? Number(hwm[1]) / 1024 : 0 };
}

// Every listening socket on `port` must be 127.0.0.1: the benchmark never opens a port beyond loopback.
export function assertLoopbackOnly(port) {
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

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// The Portkey gateway on a free loopback port: its start script binds every interface, so it runs with
// gateway/loopback.mjs's hooks (127.0.0.1) and the port is checked in /proc/net/tcp before any use.
export async function startPortkeyGateway() {
  const port = await freePort();
  const gateway = start(process.execPath, ['--import', join(here, 'gateway/loopback.mjs'),
    join(here, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'],
  { env: { ...process.env, NODE_ENV: 'production' } });
  await waitForOutput(gateway, /Ready for connections/, 'the Portkey gateway');
  assertLoopbackOnly(port);
  gateway.url = `http://127.0.0.1:${port}`;
  return gateway;
}

// --- the simulator -----------------------------------------------------------------------------------------

export async function startSimulator(opts) {
  const sim = start(opts.sim, ['--host', '127.0.0.1', '--port', '0', '--seed', '7']);
  const m = await waitForOutput(sim, /listening on (http:\/\/127\.0\.0\.1:(\d+))/, 'stormproof-sim');
  sim.url = m[1];
  return sim;
}

export async function postScenario(sim, scenario) {
  const before = Date.now();
  const response = await fetch(`${sim.url}/_sim/scenario`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario),
  });
  if (!response.ok) throw new Error(`the simulator refused the scenario: ${await response.text()}`);
  return Math.round((before + Date.now()) / 2);  // when its phases started, within a millisecond or two
}

export async function chatRecords(sim) {
  const response = await fetch(`${sim.url}/_sim/requests`);
  const log = await response.json();
  if (log.total > log.requests.length) throw new Error(`the simulator log dropped ${log.total - log.requests.length} records`);
  return log.requests.filter((r) => r.path === "/v1/chat/completions");
}


// The simulator's reply_sha: FNV-1a 64 of the whole reply's UTF-8 bytes.
export function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export function versions() {
  const v = {};
  for (const p of ['openai', 'cockatiel', '@portkey-ai/gateway', '@hono/node-server']) {
    try { v[p] = JSON.parse(readFileSync(join(here, 'node_modules', p, 'package.json'), 'utf8')).version; } catch { v[p] = '?'; }
  }
  return v;
}

// The Python peers' interpreter and packages (Debian's, /usr/bin/python3 unless STORMPROOF_PYTHON says otherwise).
export function pythonVersions(python = process.env.STORMPROOF_PYTHON ?? '/usr/bin/python3') {
  const script = 'import sys, json, importlib.metadata as m\n'
    + 'v = {"python": sys.version.split()[0]}\n'
    + 'for p in ("httpx", "tenacity", "backoff"):\n'
    + '    try: v[p] = m.version(p)\n'
    + '    except Exception: v[p] = "?"\n'
    + 'print(json.dumps(v))';
  try {
    return JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return { python: '?', httpx: '?', tenacity: '?', backoff: '?' };
  }
}

export function machine() {
  return {
    host: hostname(), cpus: cpus().length, cpu_model: cpus()[0]?.model?.trim() ?? '?',
    memory_gb: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.versions.node,
  };
}

export const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');


// Which Stormproof was measured: the commit of the work tree, whether core/ or app/ had changes not yet
// committed, and when the CLI binary was built.
export function stormproofBuild(cli) {
  const root = join(here, '../..');
  const git = (...args) => {
    try { return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
  };
  let built = null;
  try { built = statSync(cli).mtime.toISOString().replace(/\.\d+Z$/, 'Z'); } catch { /* no binary: reported as null */ }
  return { commit: git('rev-parse', '--short', 'HEAD') || null, uncommitted_core_or_app: git('status', '--porcelain', '--', 'core', 'app') !== '', cli_built: built };
}
