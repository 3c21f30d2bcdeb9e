// bench/gateway/harness.mjs — run by bench/gateway/run. Two parts, one run, everything on 127.0.0.1:
//  1. Overhead: one healthy simulator with no generation delay (bench/scenarios/instant.json), and the same load
//     tool (load.mjs: closed loop, one keep-alive agent) straight to it, through stormproof-gateway and through
//     the Portkey gateway, at concurrency 1, 16 and 64, interleaved per concurrency so the three share the
//     machine's state. Added latency = the gateway's percentile minus the direct one at the same concurrency;
//     max req/s = the best of its runs; CPU from /proc/PID/stat over the measured runs; peak RSS = VmHWM.
//  2. Scenarios (bench/peers/scenarios: flaky, outage, streams), each on a fresh simulator and a fresh gateway:
//     the official OpenAI SDK at its default retries through each gateway. Attempts are counted by the
//     simulator; a success is a reply byte-identical to what the simulator generated (reply_sha), so a short
//     reply returned as a success is a silent truncation.
// Writes OUT/gateway.json ({"overhead", "scenarios"} and the run's details) and OUT/gateway.md.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertLoopbackOnly, chatRecords, finish, fnv1a64, isoNow, machine, percentile, postScenario, procStats, start,
  startPortkeyGateway, startSimulator, stormproofBuild, versions, waitForOutput,
} from '../peers/lib.mjs';
import { portkeyRouting } from '../peers/clients/portkey-config.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const peers = join(root, 'bench/peers');
const GATEWAYS = ['stormproof', 'portkey'];
const SCENARIOS = ['flaky', 'outage', 'streams'];
const API_KEY = 'sk-bench-not-a-secret';
const MAX_ATTEMPTS = 5;  // bench/peers' common policy: 5 attempts per target, the first included
// The overhead runs: requests per run (and a time cap per run) at each concurrency, before --scale.
const OVERHEAD = [
  { concurrency: 1, requests: 3000, warmup: 300 },
  { concurrency: 16, requests: 12000, warmup: 1000 },
  { concurrency: 64, requests: 16000, warmup: 2000 },
];
const RUN_MAX_MS = 20_000;
const ROUNDS = 2;  // each (target, concurrency) measured this many times, interleaved; the medians are reported

function usage(message) {
  if (message) console.error(`bench/gateway/run: ${message}`);
  console.error(`usage: bench/gateway/run [--scale F] [--out DIR] [--check]
  --scale F   multiply request counts (and the outage) by F, e.g. 0.02 for a smoke run (default 1)
  --out DIR   where gateway.json and gateway.md go (default bench/results)
  --check     exit 1 unless the JSON has the documented shape with sane numbers, Stormproof truncated nothing
              silently and SDK retries added no upstream attempts through it (the ctest smoke run)
  --md-only   run nothing: write gateway.md again from the gateway.json in --out`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { scale: 1, out: join(root, 'bench/results'), check: false, sim: null, gateway: null };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${argv[i]} needs a value`));
    switch (argv[i]) {
      case '--scale': o.scale = Number(value()); if (!(o.scale > 0 && o.scale <= 10)) usage('--scale must be in (0, 10]'); break;
      case '--out': o.out = resolve(value()); break;
      case '--sim': o.sim = value(); break;
      case '--gateway': o.gateway = value(); break;
      case '--check': o.check = true; break;
      case '--md-only': o.mdOnly = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.mdOnly && (!o.sim || !o.gateway)) usage('the stormproof-sim and stormproof-gateway binaries are needed (--sim, --gateway)');
  return o;
}

const round = (v, digits = 3) => (v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits);

// --- the gateways ------------------------------------------------------------------------------------------

// bench/peers' same policy, as far as the gateway file holds it: 5 attempts per target, backoff 0.5 s to 8 s
// with full jitter, the server's retry-after obeyed, one retry per request in the budget, a cut stream restarted
// (before the first token reaches the caller; after it the caller gets an error, never a short reply).
function stormproofPolicy(simUrl, fallback) {
  const target = (name, model) => ({ name, provider: 'openai', base_url: `${simUrl}/v1`, model });
  return {
    version: 1,
    targets: fallback ? [target('primary', 'bench-primary'), target('fallback', 'bench-fallback')]
      : [target('primary', 'bench-primary')],
    retry: { max_attempts: MAX_ATTEMPTS, base_delay_ms: 500, max_delay_ms: 8000, backoff: 'exponential', jitter: 'full' },
    budget: { enabled: true, retry_ratio: 1.0 },
    stream: { after_first_token: 'restart' },
  };
}

async function startStormproof(opts, work, simUrl, fallback) {
  const policyPath = join(work, `policy-${Date.now()}.json`);
  writeFileSync(policyPath, JSON.stringify(stormproofPolicy(simUrl, fallback), null, 2));
  const gateway = start(opts.gateway, ['--policy', policyPath, '--host', '127.0.0.1', '--port', '0']);
  const m = await waitForOutput(gateway, /listening on (http:\/\/127\.0\.0\.1:(\d+))/, 'stormproof-gateway');
  gateway.url = m[1];
  assertLoopbackOnly(Number(m[2]));
  return gateway;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}

// What a client sends to reach the simulator's model through each way in.
function route(way, simUrl, gatewayUrl, spec = {}) {
  if (way === 'direct') return { url: simUrl, model: 'bench-primary', headers: {} };
  if (way === 'stormproof') return { url: gatewayUrl, model: 'default', headers: {} };
  const routing = portkeyRouting({
    api_key: API_KEY, base_url: `${simUrl}/v1`, primary_model: 'bench-primary',
    fallback_model: spec.fallback ? 'bench-fallback' : null, max_attempts: MAX_ATTEMPTS,
  });
  return { url: gatewayUrl, model: 'bench-primary', headers: { 'x-portkey-config': JSON.stringify(routing) } };
}

// --- part 1: overhead --------------------------------------------------------------------------------------

async function loadRun(work, name, way, r, level, scale) {
  const configPath = join(work, `${name}.json`);
  const outPath = join(work, `${name}.out.json`);
  writeFileSync(configPath, JSON.stringify({
    url: `${r.url}/v1/chat/completions`,
    headers: { authorization: `Bearer ${API_KEY}`, ...r.headers },
    body: { model: r.model, messages: [{ role: 'user', content: 'Overhead probe: say a few words about resilience.' }] },
    concurrency: level.concurrency,
    requests: Math.max(50, Math.round(level.requests * scale)),
    warmup: Math.max(10, Math.round(level.warmup * scale)),
    max_ms: RUN_MAX_MS,
  }));
  const child = start(process.execPath, [join(here, 'load.mjs'), configPath, outPath]);
  const done = await finish(child, `load (${way}, c${level.concurrency})`);
  if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  const out = JSON.parse(readFileSync(outPath, 'utf8'));
  if (out.failed) throw new Error(`${way} at c${level.concurrency}: ${out.failed} requests failed (${out.first_error})`);
  const ms = out.latencies_us.map((us) => us / 1000);
  return { requests: out.ok, wall_ms: out.wall_ms, rps: (out.ok / out.wall_ms) * 1000, p50_ms: percentile(ms, 50), p99_ms: percentile(ms, 99) };
}

async function overhead(opts, work) {
  const sim = await startSimulator(opts);
  const processes = {};
  try {
    await postScenario(sim, JSON.parse(readFileSync(join(root, 'bench/scenarios/instant.json'), 'utf8')));
    processes.stormproof = await startStormproof(opts, work, sim.url, false);
    processes.portkey = await startPortkeyGateway();
    const ways = ['direct', ...GATEWAYS];
    const routes = Object.fromEntries(ways.map((w) => [w, route(w, sim.url, processes[w]?.url)]));
    const runs = Object.fromEntries(ways.map((w) => [w, {}]));
    const cpu = Object.fromEntries(GATEWAYS.map((g) => [g, { cpu_ms: 0, requests: 0 }]));
    for (const level of OVERHEAD) {
      for (let r = 0; r < ROUNDS; ++r) {
        for (const way of ways) {
          const before = processes[way] ? procStats(processes[way].pid) : null;
          const run = await loadRun(work, `${way}-c${level.concurrency}-${r}`, way, routes[way], level, opts.scale);
          if (before) {
            // The gateway's CPU over the whole run (warm-up included) per request sent through it.
            const after = procStats(processes[way].pid);
            const warmup = Math.max(10, Math.round(level.warmup * opts.scale));
            cpu[way].cpu_ms += after.cpu_ms - before.cpu_ms;
            cpu[way].requests += run.requests + warmup;
          }
          (runs[way][level.concurrency] ??= []).push(run);
          process.stderr.write(`overhead ${way} c${level.concurrency} #${r + 1}: ${run.requests} requests, ` +
            `p50 ${run.p50_ms.toFixed(3)} ms, p99 ${run.p99_ms.toFixed(3)} ms, ${Math.round(run.rps)} req/s\n`);
        }
      }
    }
    // Per way and concurrency: the median of the rounds' percentiles and rates.
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const summary = {};
    for (const way of ways) {
      summary[way] = {};
      for (const [c, list] of Object.entries(runs[way])) {
        summary[way][c] = {
          p50_ms: round(median(list.map((x) => x.p50_ms))), p99_ms: round(median(list.map((x) => x.p99_ms))),
          rps: Math.round(median(list.map((x) => x.rps))), requests: list.reduce((s, x) => s + x.requests, 0),
        };
      }
    }
    const result = {};
    for (const g of GATEWAYS) {
      const s = summary[g];
      const d = summary.direct;
      result[g] = {
        added_p50_ms_c1: round(s[1].p50_ms - d[1].p50_ms),
        added_p99_ms_c16: round(s[16].p99_ms - d[16].p99_ms),
        added_p99_ms_c64: round(s[64].p99_ms - d[64].p99_ms),
        max_rps: Math.max(...Object.values(s).map((x) => x.rps)),
        cpu_ms_per_request: round(cpu[g].cpu_ms / cpu[g].requests, 4),
        peak_rss_mb: round(procStats(processes[g].pid).peak_rss_mb, 1),
      };
    }
    return { result, detail: summary };
  } finally {
    for (const p of Object.values(processes)) await stop(p);
    await stop(sim);
  }
}

// --- part 2: scenarios -------------------------------------------------------------------------------------

function loadSpec(name, scale) {
  const spec = JSON.parse(readFileSync(join(peers, 'scenarios', `${name}.json`), 'utf8'));
  spec.requests = Math.max(8, Math.round(spec.requests * scale));
  if (spec.outage_ms) {
    spec.outage_ms = Math.max(2000, Math.round(spec.outage_ms * scale));
    spec.simulator.phases[0].duration_ms = spec.outage_ms;
  }
  return spec;
}

async function scenario(opts, work, name, gatewayName) {
  const spec = loadSpec(name, opts.scale);
  const sim = await startSimulator(opts);
  let gateway = null;
  try {
    gateway = gatewayName === 'stormproof' ? await startStormproof(opts, work, sim.url, spec.fallback)
      : await startPortkeyGateway();
    await postScenario(sim, spec.simulator);
    const r = route(gatewayName, sim.url, gateway.url, spec);
    const configPath = join(work, `${name}-${gatewayName}.json`);
    const outPath = join(work, `${name}-${gatewayName}.out.json`);
    writeFileSync(configPath, JSON.stringify({
      gateway_url: r.url, model: r.model, headers: r.headers, api_key: API_KEY, requests: spec.requests,
      concurrency: spec.concurrency, rate_per_s: spec.rate_per_s, stream: spec.stream,
    }));
    const child = start(process.execPath, [join(here, 'openai-sdk.mjs'), configPath, outPath]);
    const done = await finish(child, `the OpenAI SDK through ${gatewayName}`);
    if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
    const run = JSON.parse(readFileSync(outPath, 'utf8'));
    const records = await chatRecords(sim);
    const whole = new Set(records.filter((x) => x.outcome === 'complete').map((x) => x.reply_sha).filter(Boolean));
    let succeeded = 0;
    let truncated = 0;
    for (const reply of run.replies) {
      if (!reply.ok) continue;
      if (whole.has(fnv1a64(reply.text))) ++succeeded;
      else ++truncated;
    }
    const errors = {};
    for (const reply of run.replies) if (!reply.ok) errors[reply.error_class] = (errors[reply.error_class] ?? 0) + 1;
    return {
      success_rate: round(succeeded / spec.requests, 4),
      upstream_attempts_per_request: round(records.length / spec.requests),
      silent_truncations: truncated,
      requests: spec.requests,
      upstream_attempts: records.length,
      failed: run.replies.filter((x) => !x.ok).length,
      errors,
      p50_ms: percentile(run.replies.map((x) => x.total_ms), 50),
      p95_ms: percentile(run.replies.map((x) => x.total_ms), 95),
      wall_ms: run.wall_ms,
      description: spec.description,
    };
  } finally {
    if (gateway) await stop(gateway);
    await stop(sim);
  }
}

// --- the report --------------------------------------------------------------------------------------------

const ratio = (a, b) => (a > 0 && b > 0 ? `×${(a / b).toFixed(1)}` : '—');

function markdown(r) {
  const m = r.machine;
  const o = r.overhead;
  const s = o.stormproof;
  const p = o.portkey;
  const lines = [];
  lines.push('# Gateway: the simulator directly, through stormproof-gateway and through the Portkey gateway', '');
  lines.push(`- machine: ${m.host}, ${m.cpus}× ${m.cpu_model}, ${m.memory_gb} GB, Linux ${m.kernel}, Node ${m.node}`);
  lines.push(`- date: ${r.date}; command: \`${r.command}\` (scale ${r.scale})`);
  lines.push(`- versions: Stormproof ${r.build.commit ?? '?'}${r.build.uncommitted_core_or_app ? ' with uncommitted changes under core/ or app/' : ''} (gateway built ${r.build.cli_built}), ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push('- everything on 127.0.0.1 (each gateway\'s port checked in /proc/net/tcp); 2 cores shared by the simulator, the gateway and the load tool', '');
  lines.push('## Overhead', '');
  lines.push('The same load tool (`bench/gateway/load.mjs`: a closed loop of C workers over one keep-alive agent, one '
    + 'non-streaming chat request each) against a healthy simulator with no generation delay '
    + '(`bench/scenarios/instant.json`): directly, through stormproof-gateway, through the Portkey gateway; '
    + `${ROUNDS} rounds interleaved per concurrency, the median of the rounds. Added = the gateway's percentile minus the `
    + 'direct one at the same concurrency. CPU: the gateway process\'s utime+stime (/proc/PID/stat) over its runs, '
    + 'warm-up included, per request; peak RSS: its VmHWM.', '');
  lines.push('| figure | Stormproof | Portkey | Stormproof ahead by |', '|---|---:|---:|---:|');
  // How many times better Stormproof is: Portkey / Stormproof for costs, Stormproof / Portkey for req/s.
  const row = (title, key, fmt) => lines.push(`| ${title} | ${fmt(s[key])} | ${fmt(p[key])} | `
    + `${key === 'max_rps' ? ratio(s[key], p[key]) : ratio(p[key], s[key])} |`);
  const ms = (v) => v.toFixed(3);
  row('added p50 ms, concurrency 1', 'added_p50_ms_c1', ms);
  row('added p99 ms, concurrency 16', 'added_p99_ms_c16', ms);
  row('added p99 ms, concurrency 64', 'added_p99_ms_c64', ms);
  row('max sustained req/s', 'max_rps', String);
  row('gateway CPU ms / request', 'cpu_ms_per_request', (v) => v.toFixed(3));
  row('gateway peak RSS MB', 'peak_rss_mb', (v) => v.toFixed(1));
  lines.push('', 'Per run (median of the rounds):', '', '| way | concurrency | p50 ms | p99 ms | req/s |', '|---|---:|---:|---:|---:|');
  for (const [way, levels] of Object.entries(r.overhead_detail)) {
    for (const [c, x] of Object.entries(levels)) lines.push(`| ${way} | ${c} | ${x.p50_ms.toFixed(3)} | ${x.p99_ms.toFixed(3)} | ${x.rps} |`);
  }
  lines.push('', '## Scenarios: the OpenAI SDK at its default retries (maxRetries 2) through each gateway', '');
  lines.push('bench/peers\' scenarios on a fresh simulator and a fresh gateway each; both gateways given bench/peers\' '
    + 'same policy (5 attempts per target, backoff from 0.5 s to 8 s, retry-after obeyed, the fallback in outage; '
    + 'Stormproof: retry budget one retry per request, a cut stream restarted before its first token reaches the '
    + 'caller). Upstream attempts as the simulator counted them; a success is a reply byte-identical to what the '
    + 'simulator generated; a silent truncation is a reply the SDK returned as finished that is not.', '');
  lines.push('| scenario | gateway | success | upstream attempts / request | silent truncations | failed (errors) | p50 ms | p95 ms | wall ms |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|');
  for (const [name, gateways] of Object.entries(r.scenarios)) {
    for (const [g, f] of Object.entries(gateways)) {
      if (f.error) { lines.push(`| ${name} | ${g} | error: ${f.error.slice(0, 200)} | | | | | | |`); continue; }
      const errs = Object.entries(f.errors ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`| ${name} | ${g} | ${(f.success_rate * 100).toFixed(1)}% | ${f.upstream_attempts_per_request.toFixed(3)} | `
        + `${f.silent_truncations} | ${f.failed}${errs ? ` (${errs})` : ''} | ${f.p50_ms} | ${f.p95_ms} | ${f.wall_ms} |`);
    }
  }
  lines.push('');
  for (const [name, gateways] of Object.entries(r.scenarios)) {
    const d = Object.values(gateways).find((f) => f.description)?.description;
    if (d) lines.push(`- ${name}: ${d}`);
  }
  lines.push('', '## The issue\'s goals', '', '| goal | measured | met |', '|---|---|---|');
  for (const [goal, measured, met] of goals(r)) lines.push(`| ${goal} | ${measured} | ${met ? 'yes' : '**no**'} |`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

// Issue 18's goals, each with what this run measured.
function goals(r) {
  const s = r.overhead.stormproof;
  const p = r.overhead.portkey;
  const out = [
    ['added p99 under 1 ms at concurrency 16', `${s.added_p99_ms_c16.toFixed(3)} ms`, s.added_p99_ms_c16 < 1],
    ['at least 3× Portkey\'s sustained req/s', `${s.max_rps} vs ${p.max_rps} (×${(s.max_rps / p.max_rps).toFixed(1)})`, s.max_rps >= 3 * p.max_rps],
  ];
  const sc = Object.entries(r.scenarios).filter(([, g]) => g.stormproof && !g.stormproof.error);
  const truncations = sc.reduce((n, [, g]) => n + g.stormproof.silent_truncations, 0);
  out.push(['zero silent truncations', `${truncations} (${sc.map(([n, g]) => `${n} ${g.stormproof.silent_truncations}`).join(', ')})`, truncations === 0]);
  for (const [name, g] of sc) {
    const peers = Object.entries(g).filter(([k, f]) => k !== 'stormproof' && !f.error);
    const best = Math.max(...peers.map(([, f]) => f.success_rate));
    out.push([`${name}: success at least every peer's`, `${(g.stormproof.success_rate * 100).toFixed(1)}% vs ${peers.map(([k, f]) => `${k} ${(f.success_rate * 100).toFixed(1)}%`).join(', ')}`, g.stormproof.success_rate >= best]);
  }
  return out;
}

// The smoke run's checks: the documented shape, numbers in range, and Stormproof's two promises.
function check(r) {
  const problems = [];
  const number = (v, where, lo = 0, hi = Infinity) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) problems.push(`${where}: ${v} is not a number in [${lo}, ${hi}]`);
  };
  for (const g of GATEWAYS) {
    const o = r.overhead?.[g];
    if (!o) { problems.push(`overhead.${g} missing`); continue; }
    const keys = ['added_p50_ms_c1', 'added_p99_ms_c16', 'added_p99_ms_c64', 'max_rps', 'cpu_ms_per_request', 'peak_rss_mb'];
    const extra = Object.keys(o).filter((k) => !keys.includes(k));
    if (extra.length) problems.push(`overhead.${g} has undocumented keys ${extra.join(', ')}`);
    // Added latency can be slightly negative from noise, never by whole seconds.
    number(o.added_p50_ms_c1, `overhead.${g}.added_p50_ms_c1`, -50, 10_000);
    number(o.added_p99_ms_c16, `overhead.${g}.added_p99_ms_c16`, -500, 10_000);
    number(o.added_p99_ms_c64, `overhead.${g}.added_p99_ms_c64`, -500, 10_000);
    number(o.max_rps, `overhead.${g}.max_rps`, 1, 1e6);
    number(o.cpu_ms_per_request, `overhead.${g}.cpu_ms_per_request`, 0.0001, 1000);
    number(o.peak_rss_mb, `overhead.${g}.peak_rss_mb`, 1, 16_384);
  }
  for (const name of SCENARIOS) {
    for (const g of GATEWAYS) {
      const f = r.scenarios?.[name]?.[g];
      if (!f || f.error) { problems.push(`scenarios.${name}.${g}: ${f?.error ?? 'missing'}`); continue; }
      number(f.success_rate, `scenarios.${name}.${g}.success_rate`, 0, 1);
      number(f.upstream_attempts_per_request, `scenarios.${name}.${g}.upstream_attempts_per_request`, 0, 100);
      number(f.silent_truncations, `scenarios.${name}.${g}.silent_truncations`, 0, 1e6);
    }
    const s = r.scenarios?.[name]?.stormproof;
    if (s && !s.error) {
      if (s.silent_truncations) problems.push(`${name}: Stormproof's gateway let ${s.silent_truncations} truncated replies through as finished`);
      // The gateway retries at most MAX_ATTEMPTS per target (two with the outage's fallback); if the SDK's own
      // retries came on top, a request could cost up to 3 × that.
      const cap = MAX_ATTEMPTS * (name === 'outage' ? 2 : 1);
      if (s.upstream_attempts_per_request > cap) problems.push(`${name}: ${s.upstream_attempts_per_request} upstream attempts per request through Stormproof, above the policy's ${cap}`);
      if (s.success_rate <= 0) problems.push(`${name}: nothing succeeded through Stormproof`);
    }
  }
  return problems;
}

// --- main --------------------------------------------------------------------------------------------------

const opts = parseArgs(process.argv.slice(2));
const jsonPath = join(opts.out, 'gateway.json');
if (opts.mdOnly) {
  writeFileSync(join(opts.out, 'gateway.md'), markdown(JSON.parse(readFileSync(jsonPath, 'utf8'))));
  process.exit(0);
}
if (!existsSync(join(peers, 'node_modules/@portkey-ai/gateway/package.json')) || !existsSync(join(peers, 'node_modules/openai'))) {
  console.error('FAIL: bench/peers/node_modules missing (run scripts/setup, or npm ci in bench/peers)');
  process.exit(1);
}
const command = `bench/gateway/run${process.argv.slice(2).filter((a, i, all) => !['--sim', '--gateway'].includes(a) && !['--sim', '--gateway'].includes(all[i - 1])).map((a) => ` ${a}`).join('')}`;
const work = mkdtempSync(join(tmpdir(), 'stormproof-gateway-bench-'));
// The run uses its own copies of the two binaries: a build on the same tree relinking them meanwhile (the file
// is gone for a moment) must neither crash the run nor mix two builds in one report.
const build = stormproofBuild(opts.gateway);
for (const key of ['sim', 'gateway']) {
  const copy = join(work, `bin-${key}`);
  copyFileSync(opts[key], copy);
  chmodSync(copy, 0o755);
  opts[key] = copy;
}
const result = {
  machine: machine(), date: isoNow(), command, scale: opts.scale, build,
  versions: versions(), overhead: {}, scenarios: {},
};
let failure = null;
try {
  const o = await overhead(opts, work);
  result.overhead = o.result;
  result.overhead_detail = o.detail;
  for (const name of SCENARIOS) {
    result.scenarios[name] = {};
    for (const g of GATEWAYS) {
      process.stderr.write(`${name} × ${g}: `);
      try {
        const f = await scenario(opts, work, name, g);
        result.scenarios[name][g] = f;
        process.stderr.write(`${f.requests} requests, success ${(f.success_rate * 100).toFixed(1)}%, `
          + `${f.upstream_attempts_per_request} upstream attempts/request, ${f.silent_truncations} silently truncated\n`);
      } catch (error) {
        result.scenarios[name][g] = { error: String(error.message ?? error).slice(0, 500) };
        process.stderr.write(`FAILED: ${error.message}\n`);
      }
    }
  }
} catch (error) {
  failure = error;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failure) {
  console.error(`bench/gateway: ${failure.stack ?? failure}`);
  process.exit(1);
}
mkdirSync(opts.out, { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(opts.out, 'gateway.md'), markdown(result));
process.stdout.write(markdown(result));
const problems = opts.check ? check(result) : [];
for (const p of problems) console.error(`bench/gateway: ${p}`);
process.exit(problems.length ? 1 : 0);
