// bench/peers/harness.mjs — run by bench/peers/run. For each scenario and each client, one after another: a
// fresh stormproof-sim on 127.0.0.1, the scenario posted to it, the client's load, then the simulator's own
// request log. Figures come from what the simulator saw (attempts) and what the client returned (texts,
// latencies), so a client cannot look better by counting differently. Two sets: every client given the same
// policy (peers.json "scenarios"), and with --defaults every client at its out-of-the-box settings
// (peers.json "defaults"). Writes bench/results/peers.{json,md}, keeping the set it did not run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chatRecords, finish, fnv1a64, isoNow, machine, percentile, postScenario, procStats, pythonVersions, start,
  startPortkeyGateway, startSimulator, stormproofBuild, versions,
} from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const ALL_CLIENTS = ['stormproof', 'openai-node', 'cockatiel', 'portkey', 'seed-recipe', 'tenacity', 'backoff'];
// The Python peers (issue 19): what the mission's readers would write, run by Debian's own Python, whose
// python3-httpx, python3-tenacity and python3-backoff scripts/setup installs.
const PYTHON = process.env.STORMPROOF_PYTHON ?? '/usr/bin/python3';
const PYTHON_CLIENTS = { 'seed-recipe': 'py_seed_recipe.py', tenacity: 'py_tenacity.py', backoff: 'py_backoff.py' };
const ALL_SCENARIOS = ['flaky', 'outage', 'streams'];
const MAX_ATTEMPTS = 5;  // the issue's common policy: 5 attempts per target, the first included
const API_KEY = 'sk-bench-not-a-secret';
// The two sets a run can make, as the keys of peers.json: every client given the same policy as far as it
// allows, and every client at its out-of-the-box settings.
const SETS = {
  scenarios: 'Same policy: every client given the same policy as far as it allows',
  defaults: 'Defaults against defaults: every client at its out-of-the-box settings',
};
// What "out of the box" means for each client in the defaults set (written into peers.json and peers.md).
const DEFAULTS = {
  stormproof: 'no policy file: `--provider openai --base-url SIM/v1 --model M --api-key-env VAR`, so every '
    + 'resilience setting is the built-in default (5 attempts, backoff 1 s doubling to 30 s with full jitter, '
    + 'retry-after obeyed, breaker 5 in a row or 75% of 10+, retry budget one retry per request per target, '
    + 'stream.after_first_token `restart` since c8c6fd6, `fail` before); for outage a policy file holding only the two `targets` (primary, '
    + 'fallback) and nothing else',
  'openai-node': '`new OpenAI({ baseURL, apiKey })`: maxRetries 2 (3 attempts), its own backoff (0.5 s doubling '
    + 'to 8 s, jitter) and retry-after(-ms), 10-minute timeout; no breaker, no fallback (it has none)',
  cockatiel: 'the composition of its README\'s first example: `wrap(retry(handleAll, { maxAttempts: 3, backoff: '
    + 'new ExponentialBackoff() }), circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new '
    + 'ConsecutiveBreaker(5) }))` around the SDK call (4 attempts, backoff from 128 ms with decorrelated jitter '
    + 'to 30 s, retry-after not read, an open breaker retried like any error); the SDK underneath with its own '
    + 'retries off (maxRetries 0), so the attempts are cockatiel\'s and not 3 × 4; no fallback (the example has '
    + 'none; cockatiel\'s `fallback` policy returns a value, not another target)',
  portkey: 'the gateway with its README\'s config example `{"retry": {"attempts": 5}}` (5 retries, 6 attempts, '
    + 'on its default codes 429/500/502/503/504, its fixed backoff, retry-after not read: '
    + '`use_retry_after_header` is off by default); for outage the docs\' fallback example, `{"strategy": '
    + '{"mode": "fallback"}, "targets": [primary, fallback]}` with that retry inherited by both targets; the app is '
    + 'the OpenAI SDK with its own retries off (maxRetries 0), so the attempts are the gateway\'s and not 3 × 6',
  'seed-recipe': 'the mission\'s async `retry_with_backoff` as it stands (5 attempts, 1 s doubling to 60 s, full '
    + 'jitter, `getattr(e, "retry_after", None)` for the server\'s wait) around `httpx.AsyncClient()` at its '
    + 'defaults (5 s timeout, 100 connections) raising the OpenAI SDK\'s errors; no fallback (the recipe has none)',
  tenacity: 'the mission\'s decorator as it stands, `@retry(wait=wait_exponential(multiplier=1, min=1, max=60), '
    + 'stop=stop_after_attempt(5), retry=retry_if_exception_type((RateLimitError, InternalServerError, '
    + 'APITimeoutError, APIConnectionError)))` (1, 2, 4, 8 s, no jitter, retry-after not read) around '
    + '`httpx.AsyncClient()` at its defaults; no fallback. (A bare `@retry` would retry forever without waiting: '
    + 'nobody ships that against an API.)',
  backoff: 'the mission\'s decorator as it stands, `@backoff.on_exception(backoff.expo, (RateLimitError, '
    + 'InternalServerError, APITimeoutError, APIConnectionError), max_tries=5)` (full jitter up to 1, 2, 4, 8 s, '
    + 'its default; retry-after not read) around `httpx.AsyncClient()` at its defaults; no fallback',
};
// In the defaults set only these clients get the fallback target: the others have none out of the box.
const DEFAULT_FALLBACK = new Set(['stormproof', 'portkey']);

function usage(message) {
  if (message) console.error(`bench/peers/run: ${message}`);
  console.error(`usage: bench/peers/run [--scenarios ${ALL_SCENARIOS.join(',')}] [--clients ${ALL_CLIENTS.join(',')}]
                      [--defaults | --both] [--scale F] [--out DIR] [--check]
  --defaults  every client at its out-of-the-box settings (peers.json "defaults"), not the same policy
              (peers.json "scenarios"); whatever a run does not make (the other set, other scenarios or
              clients) is kept from the existing peers.json, with the date and command that made it
  --both      the same-policy set, then the defaults set
  --scale F   multiply request counts (and the outage) by F, e.g. 0.05 for a smoke run (default 1)
  --out DIR   where peers.json and peers.md go (default bench/results)
  --md-only   run nothing: write peers.md again from the peers.json in --out
  --lock FILE hold FILE with flock(1) while a scenario runs (all its clients, 1 to 7 minutes), so no build that
              takes the same lock competes for the cores; released between scenarios
  --check     runs both sets (only the defaults with --defaults); exit 1 unless Stormproof never truncated
              silently and delivered every outage and stream reply whole in each set (the ctest smoke run);
              exit 1 when bench/peers/node_modules is missing`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { scenarios: ALL_SCENARIOS, clients: ALL_CLIENTS, scale: 1, out: join(root, 'bench/results'), check: false,
    sets: null, sim: process.env.STORMPROOF_SIM, cli: process.env.STORMPROOF_CLI };
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
      case '--lock': o.lock = value(); break;
      case '--md-only': o.mdOnly = true; break;
      case '--defaults': if (o.sets) usage('--defaults and --both exclude each other'); o.sets = ['defaults']; break;
      case '--both': if (o.sets) usage('--defaults and --both exclude each other'); o.sets = ['scenarios', 'defaults']; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.mdOnly && (!o.sim || !o.cli)) usage('the stormproof-sim and stormproof-cli binaries are needed (--sim, --cli)');
  o.sets ??= o.check ? ['scenarios', 'defaults'] : ['scenarios'];
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

async function runStormproof(spec, sim, opts, work, set) {
  const repliesPath = join(work, 'replies.jsonl');
  let targetArgs;
  if (set === 'defaults' && !spec.fallback) {
    // No policy file at all: one target from the command line, every resilience setting at its default.
    targetArgs = ['--provider', 'openai', '--base-url', `${sim.url}/v1`, '--model', 'bench-primary',
      '--api-key-env', 'STORMPROOF_BENCH_KEY'];
  } else {
    const policy = stormproofPolicy(spec, sim.url);
    // Out of the box, a fallback needs a second target, and a policy file is where targets are listed; nothing
    // else in it, so retry, breaker, budget, timeouts and streams keep their defaults.
    const file = set === 'defaults' ? { version: 1, targets: policy.targets } : policy;
    const policyPath = join(work, 'policy.json');
    writeFileSync(policyPath, JSON.stringify(file, null, 2));
    targetArgs = ['--policy', policyPath];
  }
  const args = ['load', ...targetArgs, '--requests', String(spec.requests), '--concurrency',
    String(spec.concurrency), '--json', '--replies', repliesPath];
  if (spec.rate_per_s) args.push('--rate', String(spec.rate_per_s));
  if (spec.stream) args.push('--stream');
  const child = start(opts.cli, args, { env: { ...process.env, STORMPROOF_BENCH_KEY: API_KEY } });
  const done = await finish(child, 'stormproof-cli');
  if (!done.ok || done.code > 1) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  const summary = JSON.parse(child.output.slice(child.output.indexOf('{')));
  const replies = readFileSync(repliesPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return {
    replies, cpu_ms: summary.cpu_ms, peak_rss_mb: summary.peak_rss_mb, wall_ms: summary.wall_ms,
    engine: { budget_denied: summary.budget_denied, short_circuited: summary.short_circuited, fallbacks: summary.fallbacks },
  };
}

async function runNodeClient(name, spec, sim, work, set, extra = {}) {
  const configPath = join(work, 'config.json');
  const outPath = join(work, 'out.json');
  const fallback = spec.fallback && (set !== 'defaults' || DEFAULT_FALLBACK.has(name));
  writeFileSync(configPath, JSON.stringify({
    base_url: `${sim.url}/v1`, api_key: API_KEY, primary_model: 'bench-primary',
    fallback_model: fallback ? 'bench-fallback' : null, requests: spec.requests,
    concurrency: spec.concurrency, rate_per_s: spec.rate_per_s, stream: spec.stream, max_attempts: MAX_ATTEMPTS,
    defaults: set === 'defaults', ...extra,
  }));
  const child = start(process.execPath, [join(here, 'clients', `${name}.mjs`), configPath, outPath]);
  const done = await finish(child, name);
  if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  return JSON.parse(readFileSync(outPath, 'utf8'));
}

// A Python peer: the same config file and the same OUT.json as the Node clients (py_common.py is common.mjs's
// twin), plus how many failures carried a server hint and, for the recipe, how many waits came from one.
async function runPythonClient(name, spec, sim, work, set) {
  const configPath = join(work, 'config.json');
  const outPath = join(work, 'out.json');
  const fallback = spec.fallback && set !== 'defaults';
  writeFileSync(configPath, JSON.stringify({
    base_url: `${sim.url}/v1`, api_key: API_KEY, primary_model: 'bench-primary',
    fallback_model: fallback ? 'bench-fallback' : null, requests: spec.requests,
    concurrency: spec.concurrency, rate_per_s: spec.rate_per_s, stream: spec.stream, max_attempts: MAX_ATTEMPTS,
    defaults: set === 'defaults',
  }));
  const child = start(PYTHON, [join(here, 'clients', PYTHON_CLIENTS[name]), configPath, outPath],
    { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const done = await finish(child, name);
  if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  const run = JSON.parse(readFileSync(outPath, 'utf8'));
  run.hints = { failures_with_server_hint: run.hinted_errors };
  if (run.retry_after_seen !== undefined) run.hints.server_hints_obeyed = run.retry_after_seen;
  return run;
}

async function runPortkey(spec, sim, work, set) {
  const gateway = await startPortkeyGateway();
  try {
    const before = procStats(gateway.pid);
    const run = await runNodeClient('portkey', spec, sim, work, set, { gateway_url: gateway.url });
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

// flock(1) on `file` until release() is called: a child that reports once it holds the lock and keeps it until its
// standard input closes. Builds on this tree take /tmp/stormproof-build.lock the same way.
async function holdLock(file) {
  const child = spawn('flock', [file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
  const locked = await new Promise((resolveLock, reject) => {
    child.stdout.on('data', (d) => { if (String(d).includes('locked')) resolveLock(true); });
    child.on('error', reject);
    exited.then(() => resolveLock(false));
  });
  if (!locked) throw new Error(`flock ${file} failed`);
  return async () => { child.stdin.end(); await exited; };
}

// --- figures -----------------------------------------------------------------------------------------------

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
  // Stormproof's own account of what its engine refused (the others have no such counts).
  if (run.engine) Object.assign(out, run.engine);
  // The Python peers' account of the server's hints: failures that carried one, and (the recipe) waits taken
  // from one.
  if (run.hints) Object.assign(out, run.hints);
  return out;
}

// --- the report --------------------------------------------------------------------------------------------

function table(lines, clients) {
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
  const used = cols.filter(([key]) => Object.values(clients).some((c) => c[key] !== undefined));
  lines.push(`| client | ${used.map(([, title]) => title).join(' | ')} |`);
  lines.push(`|---|${used.map(() => '---:').join('|')}|`);
  const base = clients.stormproof;
  const notes = [];
  for (const [client, f] of Object.entries(clients)) {
    if (f.error) { lines.push(`| ${client} | ${used.map(() => '—').join(' | ')} |`); notes.push(`${client}: ${f.error}`); continue; }
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
  for (const n of notes) lines.push(n, '');
}

// Each peer whose success is above Stormproof's in a scenario of the set.
function aheadOfStormproof(clients) {
  const s = clients.stormproof;
  if (!s || s.error) return [];
  return Object.entries(clients).filter(([c, f]) => c !== 'stormproof' && !f.error && f.success_rate > s.success_rate)
    .map(([c, f]) => `${c} ${(f.success_rate * 100).toFixed(1)}% > Stormproof ${(s.success_rate * 100).toFixed(1)}%`);
}

function markdown(result) {
  const lines = [];
  const m = result.machine;
  lines.push('# Peers: the same faults against Stormproof, the OpenAI SDK, cockatiel, the Portkey gateway and the '
    + 'mission\'s own Python (its retry_with_backoff recipe, tenacity, backoff)', '');
  lines.push(`- machine: ${m.host}, ${m.cpus}× ${m.cpu_model}, ${m.memory_gb} GB, Linux ${m.kernel}, Node ${m.node}`);
  lines.push(`- packages: ${Object.entries(result.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push('- one run per set; each client alone against a fresh simulator; attempts as the simulator counted them;',
    '  a success is a reply identical to the one the simulator generated (its reply_sha); CPU is the client',
    '  process (for Portkey: the app plus the gateway) during the load; (×N) is the ratio to Stormproof.',
    '- the Python peers (seed-recipe, tenacity, backoff) run on Debian\'s /usr/bin/python3 with asyncio and one',
    '  `httpx.AsyncClient`, raising the OpenAI Python SDK\'s errors (RateLimitError on 429, InternalServerError on',
    '  5xx, APITimeoutError, APIConnectionError; a stream broken after its head raises httpx\'s own error, not',
    '  retried, as with the SDK); `failures_with_server_hint` in peers.json counts the failures that carried',
    '  retry-after(-ms), `server_hints_obeyed` the recipe\'s waits taken from one.', '');
  for (const set of Object.keys(SETS)) {
    const scenarios = result[set];
    if (!scenarios || !Object.keys(scenarios).length) continue;
    const run = result.runs?.[set] ?? {};
    lines.push(`## ${SETS[set]}`, '');
    if (set === 'scenarios') {
      lines.push('- the policy: 5 attempts per target, exponential backoff from 0.5 s to 8 s (the SDK\'s fixed curve), '
        + 'the server\'s retry-after obeyed, the same fallback target where a client has one; Stormproof\'s retry '
        + 'budget at one retry per request (`retry_ratio` 1.0) and a cut stream restarted; the Python peers keep the '
        + 'mission\'s curve (1 s doubling, cap 60 s: with 5 attempts, waits of up to 1, 2, 4, 8 s; tenacity\'s '
        + 'without jitter), which none of them lets the server\'s retry-after override, a 60 s httpx timeout, and '
        + 'the fallback target after the primary gives up (a loop over the two models, as for cockatiel)');
    } else {
      lines.push('- what each client gets, and why: what a person has after following the peer\'s own first example '
        + '(its README, or for Portkey the README\'s config example and the docs\' fallback example), nothing tuned; '
        + 'where a peer wraps the OpenAI SDK, the SDK\'s own retries are off so the attempts are the peer\'s alone; '
        + 'the fallback target only for a client that has a fallback out of the box:');
      for (const [client, text] of Object.entries(run.settings ?? {})) lines.push(`  - ${client}: ${text}`);
      lines.push('- Stormproof\'s `budget denied`, `short-circuited` and `fallbacks` (from its `--json` summary) are in '
        + 'peers.json');
    }
    lines.push('');
    for (const [name, clients] of Object.entries(scenarios)) {
      lines.push(`### ${name}`, '', result.descriptions[name], '');
      // When and how each client's figures were made (a partial re-run refreshes only what it ran).
      const made = new Map();
      for (const [client, r] of Object.entries(run.scenarios?.[name] ?? {})) {
        const key = `${r.date}, \`${r.command}\``;
        made.set(key, [...(made.get(key) ?? []), client]);
      }
      const all = made.size === 1;
      for (const [key, clientsOf] of made) lines.push(`- run: ${key}${all ? '' : ` (${clientsOf.join(', ')})`}`);
      const b = run.scenarios?.[name]?.stormproof?.build;
      if (b) lines.push(`- Stormproof build: ${b.commit ? `commit ${b.commit}` : 'commit unknown'}${b.uncommitted_core_or_app ? ' with uncommitted changes under core/ or app/' : ''}, CLI built ${b.cli_built}${b.note ? ` (${b.note})` : ''}`);
      if (made.size) lines.push('');
      table(lines, clients);
      if (set === 'defaults') {
        const ahead = aheadOfStormproof(clients);
        lines.push(ahead.length ? `**Stormproof below a peer here:** ${ahead.join('; ')}.`
          : 'Stormproof\'s success is at least every peer\'s here.', '');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

// "runs" as this version writes it: per set, the settings (defaults) and per scenario and client the date,
// command and scale that made the figures. An older peers.json had one date and command for the whole set, or
// (before "runs") only the top-level date.
function migrateRuns(previous) {
  const runs = structuredClone(previous.runs ?? {});
  for (const set of Object.keys(SETS)) {
    const old = runs[set];
    const was = old?.date ? { date: old.date, command: old.command, scale: old.scale }
      : (set === 'scenarios' && !old && previous.date ? { date: previous.date, command: 'bench/peers/run', scale: 1 } : null);
    if (was && previous[set]) {
      runs[set] = { ...(old?.settings ? { settings: old.settings } : {}), scenarios: {} };
      for (const [name, clients] of Object.entries(previous[set])) {
        runs[set].scenarios[name] = Object.fromEntries(Object.keys(clients).map((c) => [c, was]));
      }
    }
  }
  return runs;
}

// --- main --------------------------------------------------------------------------------------------------

const opts = parseArgs(process.argv.slice(2));
if (opts.mdOnly) {
  const saved = JSON.parse(readFileSync(join(opts.out, 'peers.json'), 'utf8'));
  writeFileSync(join(opts.out, 'peers.md'), markdown({ ...saved, runs: migrateRuns(saved) }));
  process.exit(0);
}
if (!existsSync(join(here, 'node_modules', 'openai'))) {
  console.error('FAIL: bench/peers/node_modules missing (run scripts/setup, or npm ci in bench/peers)');
  process.exit(1);
}
const command = `bench/peers/run${process.argv.slice(2).filter((a, i, all) => !['--sim', '--cli'].includes(a) && !['--sim', '--cli'].includes(all[i - 1])).map((a) => ` ${a}`).join('')}`;
const now = isoNow();
// What this run does not make is kept from the existing peers.json: the other set, the other scenarios, and
// within a scenario the other clients (each with the date and command that made it, in "runs").
const jsonPath = join(opts.out, 'peers.json');
let previous = {};
try { previous = JSON.parse(readFileSync(jsonPath, 'utf8')); } catch { previous = {}; }
const runs = migrateRuns(previous);
const result = {
  machine: machine(),
  date: now,
  versions: { ...versions(), ...pythonVersions(PYTHON) },
  descriptions: { ...(previous.descriptions ?? {}) },
  runs,
  scenarios: previous.scenarios ?? {},
};
if (previous.defaults) result.defaults = previous.defaults;
const build = stormproofBuild(opts.cli);
const work = mkdtempSync(join(tmpdir(), 'stormproof-peers-'));
try {
  for (const set of opts.sets) {
    result[set] ??= {};
    result.runs[set] ??= {};
    result.runs[set].scenarios ??= {};
    if (set === 'defaults') result.runs[set].settings = { ...(result.runs[set].settings ?? {}), ...Object.fromEntries(opts.clients.map((c) => [c, DEFAULTS[c]])) };
    for (const name of opts.scenarios) {
      const spec = loadSpec(name, opts.scale);
      result.descriptions[name] = spec.description;
      result[set][name] ??= {};
      result.runs[set].scenarios[name] ??= {};
      // With --lock, one scenario's clients all run while the lock is held: the same conditions for all of them.
      const release = opts.lock ? await holdLock(opts.lock) : null;
      for (const client of opts.clients) {
        process.stderr.write(`${set === 'defaults' ? 'defaults: ' : ''}${name} × ${client}: ${spec.requests} requests … `);
        const dir = join(work, `${set}-${name}-${client}`);
        mkdirSync(dir);
        const sim = await startSimulator(opts);
        try {
          const t0 = await postScenario(sim, spec.simulator);
          const run = client === 'stormproof' ? await runStormproof(spec, sim, opts, dir, set)
            : client === 'portkey' ? await runPortkey(spec, sim, dir, set)
              : PYTHON_CLIENTS[client] ? await runPythonClient(client, spec, sim, dir, set)
                : await runNodeClient(client, spec, sim, dir, set);
          const f = figures(spec, run, await chatRecords(sim), t0);
          result[set][name][client] = f;
          result.runs[set].scenarios[name][client] = { date: now, command, scale: opts.scale, ...(client === 'stormproof' ? { build } : {}) };
          process.stderr.write(`success ${(f.success_rate * 100).toFixed(1)}%, attempts ${f.attempts}, ` +
            `truncated ${f.silently_truncated}, ${f.cpu_ms_per_request} CPU ms/request, wall ${f.wall_ms} ms\n`);
        } catch (error) {
          result[set][name][client] = { error: String(error.message ?? error).slice(0, 500) };
          result.runs[set].scenarios[name][client] = { date: now, command, scale: opts.scale, ...(client === 'stormproof' ? { build } : {}) };
          process.stderr.write(`FAILED: ${error.message}\n`);
        } finally {
          sim.kill('SIGTERM');
          await sim.exited;
        }
      }
      if (release) await release();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(opts.out, { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(opts.out, 'peers.md'), markdown(result));
process.stdout.write(markdown(result));
// Only what this run made counts for the exit status.
const madeNow = (set) => opts.scenarios.map((name) => [name, Object.fromEntries(opts.clients
  .map((c) => [c, result[set][name]?.[c]]).filter(([, f]) => f))]);
const problems = opts.sets.flatMap((set) => madeNow(set).flatMap(([name, clients]) =>
  Object.entries(clients).filter(([, f]) => f.error).map(([client, f]) => `${set} ${name} × ${client}: ${f.error}`)));
if (opts.check) {
  for (const set of opts.sets) {
    for (const [name, clients] of madeNow(set)) {
      const s = clients.stormproof;
      if (!s || s.error) continue;
      if (s.silently_truncated) problems.push(`${set} ${name}: Stormproof passed off ${s.silently_truncated} truncated replies`);
      // A cut stream is restarted in both sets (the same policy says so; out of the box since the default
      // became `restart`), so every outage and stream reply must arrive whole.
      const whole = name === 'outage' || name === 'streams';
      if (whole && s.success_rate < 1) problems.push(`${set} ${name}: Stormproof delivered ${s.succeeded} of ${s.requests} replies whole`);
    }
  }
}
for (const p of problems) console.error(`bench/peers: ${p}`);
process.exit(problems.length ? 1 : 0);
