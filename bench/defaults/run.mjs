// bench/defaults/run.mjs — run by bench/defaults/run (issue 15, item 1). The defaults, measured: Stormproof with
// NO policy (`stormproof-cli load --provider simulator --scenario S --requests N --concurrency C --json`, pointed
// at a fresh stormproof-sim so the simulator counts the attempts) and the official OpenAI Node SDK at its
// defaults (maxRetries 2: bench/peers/clients/openai-node.mjs with config.defaults), on the built-in scenarios
// `flaky` (independent failures: retries help) and `overloaded` (broad failures: retries add load), at
// concurrency 1 (300 requests), 32 and 256 (2,000 each); then a full outage of the only target: the built-in
// `outage-and-recovery` scenario, requests arriving during its 20-second outage phase at most 32 at a time.
// A success is a reply byte-identical to the one the simulator generated (its reply_sha), as in bench/peers.
// Writes bench/results/defaults.{json,md}.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chatRecords, finish, fnv1a64, isoNow, machine, percentile, start, startSimulator, stormproofBuild, versions,
} from '../peers/lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const peers = join(root, 'bench/peers');
const API_KEY = 'sk-bench-not-a-secret';
const ALL_SCENARIOS = ['flaky', 'overloaded'];
const ALL_CONCURRENCY = [1, 32, 256];
const ALL_CLIENTS = ['stormproof', 'openai-node'];
const OUTAGE = { scenario: 'outage-and-recovery', phase: 'outage', duration_ms: 20_000, concurrency: 32, rate_per_s: 20 };

function usage(message) {
  if (message) console.error(`bench/defaults/run: ${message}`);
  console.error(`usage: bench/defaults/run [--scenarios ${ALL_SCENARIOS.join(',')}] [--concurrency ${ALL_CONCURRENCY.join(',')}]
                         [--clients ${ALL_CLIENTS.join(',')}] [--no-outage] [--scale F] [--out DIR]
  --scale F    multiply request counts by F (300 at concurrency 1, 2,000 above; at least 2 × C)
  --no-outage  leave out the outage run (about 40 s per client)
  --out DIR    where defaults.json and defaults.md go (default bench/results)
  --md-only    run nothing: write defaults.md again from the defaults.json in --out`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { scenarios: ALL_SCENARIOS, concurrency: ALL_CONCURRENCY, clients: ALL_CLIENTS, scale: 1, outage: true,
    out: join(root, 'bench/results'), sim: process.env.STORMPROOF_SIM, cli: process.env.STORMPROOF_CLI };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${argv[i]} needs a value`));
    const list = (allowed, flag) => {
      const names = value().split(',').filter(Boolean);
      for (const n of names) if (!allowed.map(String).includes(n)) usage(`${flag}: unknown "${n}" (one of ${allowed.join(', ')})`);
      return names;
    };
    switch (argv[i]) {
      case '--scenarios': o.scenarios = list(ALL_SCENARIOS, '--scenarios'); break;
      case '--concurrency': o.concurrency = list(ALL_CONCURRENCY, '--concurrency').map(Number); break;
      case '--clients': o.clients = list(ALL_CLIENTS, '--clients'); break;
      case '--scale': o.scale = Number(value()); if (!(o.scale > 0 && o.scale <= 10)) usage('--scale must be in (0, 10]'); break;
      case '--no-outage': o.outage = false; break;
      case '--md-only': o.mdOnly = true; break;
      case '--out': o.out = resolve(value()); break;
      case '--sim': o.sim = value(); break;
      case '--cli': o.cli = value(); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.mdOnly && (!o.sim || !o.cli)) usage('the stormproof-sim and stormproof-cli binaries are needed (--sim, --cli)');
  return o;
}

const requestsFor = (c, scale) => Math.max(2 * c, Math.round((c === 1 ? 300 : 2000) * scale));

// --- the two clients, at their defaults ----------------------------------------------------------------------

// Stormproof: no --policy, so every resilience setting is the built-in default. `--provider simulator
// --base-url` sends sim-SCENARIO to the simulator started for this run, as the embedded one would be asked.
async function runStormproof(opts, sim, scenario, load, work) {
  const repliesPath = join(work, 'replies.jsonl');
  const args = ['load', '--provider', 'simulator', '--base-url', `${sim.url}/v1`, '--scenario', scenario,
    '--requests', String(load.requests), '--concurrency', String(load.concurrency), '--json', '--replies', repliesPath];
  if (load.rate_per_s) args.push('--rate', String(load.rate_per_s));
  const child = start(opts.cli, args);
  const done = await finish(child, 'stormproof-cli');
  if (!done.ok || done.code > 1) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  const summary = JSON.parse(child.output.slice(child.output.indexOf('{')));
  const replies = readFileSync(repliesPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { replies, wall_ms: summary.wall_ms, summary };
}

// The OpenAI Node SDK as its README constructs it (baseURL and apiKey only): bench/peers' client, same prompts.
async function runSdk(opts, sim, scenario, load, work) {
  const configPath = join(work, 'config.json');
  const outPath = join(work, 'out.json');
  writeFileSync(configPath, JSON.stringify({
    base_url: `${sim.url}/v1`, api_key: API_KEY, primary_model: `sim-${scenario}`, fallback_model: null,
    requests: load.requests, concurrency: load.concurrency, rate_per_s: load.rate_per_s ?? 0, stream: false,
    defaults: true,
  }));
  const child = start(process.execPath, [join(peers, 'clients/openai-node.mjs'), configPath, outPath]);
  const done = await finish(child, 'openai-node');
  if (!done.ok || done.code !== 0) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
  return JSON.parse(readFileSync(outPath, 'utf8'));
}

const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;

// Figures from what the simulator saw and what the client returned, as bench/peers computes them.
function figures(load, run, records) {
  const whole = new Set(records.map((r) => r.reply_sha).filter(Boolean));
  const replies = run.replies.filter(Boolean);
  let succeeded = 0;
  let truncated = 0;
  for (const r of replies) {
    if (!r.ok) continue;
    if (whole.has(fnv1a64(r.text))) ++succeeded;
    else ++truncated;
  }
  const latencies = replies.map((r) => r.total_ms);
  const f = {
    requests: load.requests,
    success_rate: round(succeeded / load.requests, 4),
    succeeded,
    silently_truncated: truncated,
    attempts: records.length,
    attempts_per_request: round(records.length / load.requests, 3),
    wall_ms: Math.round(run.wall_ms),
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
  };
  if (run.summary) {
    f.budget_denied = run.summary.budget_denied;
    f.short_circuited = run.summary.short_circuited;
    f.errors = run.summary.errors;
  }
  return f;
}

async function once(opts, client, scenario, load, work, prepare) {
  const sim = await startSimulator(opts);
  try {
    const context = prepare ? await prepare(sim) : {};
    const run = client === 'stormproof' ? await runStormproof(opts, sim, scenario, load, work)
      : await runSdk(opts, sim, scenario, load, work);
    const records = (await chatRecords(sim)).filter((r) => r.model === `sim-${scenario}`);
    return { run, records, context };
  } finally {
    sim.kill('SIGTERM');
    await sim.exited;
  }
}

// --- the outage ----------------------------------------------------------------------------------------------

async function scenarioState(sim, name) {
  const response = await fetch(`${sim.url}/_sim/scenario?name=${encodeURIComponent(name)}`);
  return response.json();
}

// Restarts outage-and-recovery and waits for its outage phase: the load then arrives during the 20 s outage.
async function toOutage(sim) {
  const posted = await fetch(`${sim.url}/_sim/scenario`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: OUTAGE.scenario }),
  });
  if (!posted.ok) throw new Error(`the simulator refused ${OUTAGE.scenario}: ${await posted.text()}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = await scenarioState(sim, OUTAGE.scenario);
    if (state.phase === OUTAGE.phase) {
      // The phase began elapsed_ms - 15 s ago (healthy lasts 15 s); the outage ends 20 s after that.
      const began = Date.now() - (state.elapsed_ms - 15_000);
      return { outage_start: began, outage_end: began + OUTAGE.duration_ms };
    }
    if (Date.now() > deadline) throw new Error(`${OUTAGE.scenario} never reached its outage phase: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function outageFigures(load, run, records, { outage_end: end }) {
  const replies = run.replies.filter(Boolean);
  const offered = replies.filter((r) => r.started_unix_ms < end).length;
  const inOutage = records.filter((r) => r.ts_ms < end);
  const f = {
    requests_offered_during_outage: offered,
    attempts_during_outage: inOutage.length,
    attempts_per_request: offered ? round(inOutage.length / offered, 3) : null,
    non_503_during_outage: inOutage.filter((r) => r.status !== 503).length,
    delivered_overall: replies.filter((r) => r.ok).length,
  };
  // One request's attempts, where its attempts can be told apart (Stormproof sends an Idempotency-Key per
  // request, kept across its retries; the SDK sends none: its 3 are by construction).
  const byKey = new Map();
  for (const r of records) {
    const key = r['idempotency-key'] ?? r.idempotency_key;
    if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  if (byKey.size) f.max_attempts_one_request = Math.max(...byKey.values());
  if (run.summary) {
    f.budget_denied = run.summary.budget_denied;
    f.short_circuited = run.summary.short_circuited;
    f.retries = run.summary.retries;
    f.errors = run.summary.errors;
  }
  return f;
}

// --- the report ----------------------------------------------------------------------------------------------

const pct = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);
const num = (v) => (v === null || v === undefined ? '—' : String(v));

function markdown(result) {
  const m = result.machine;
  const lines = ['# Defaults, measured: Stormproof with no policy against the OpenAI SDK at its defaults', ''];
  lines.push(`- machine: ${m.host}, ${m.cpus}× ${m.cpu_model}, ${m.memory_gb} GB, Linux ${m.kernel}, Node ${m.node}`);
  lines.push(`- date: ${result.date}`);
  lines.push(`- command: \`${result.command}\``);
  lines.push(`- packages: openai ${result.versions.openai}`);
  if (result.stormproof) {
    const b = result.stormproof;
    lines.push(`- Stormproof build: commit ${b.commit}${b.uncommitted_core_or_app ? ' with uncommitted changes under core/ or app/' : ''}, CLI built ${b.cli_built}${b.note ? ` (${b.note})` : ''}`);
  }
  lines.push('- Stormproof: `stormproof-cli load --provider simulator --base-url SIM/v1 --scenario S --requests N '
    + '--concurrency C --json` with no policy (the built-in defaults); the OpenAI SDK: `new OpenAI({ baseURL, '
    + 'apiKey })` (maxRetries 2) through bench/peers/clients/openai-node.mjs; each run against a fresh '
    + '`stormproof-sim --seed 7`; attempts as the simulator counted them; a success is a reply byte-identical '
    + 'to the one the simulator generated; N = 300 at concurrency 1, 2,000 at 32 and 256 (times --scale).');
  lines.push('- the concurrency-1 runs go side by side (each client with its own simulator): at one request at a '
    + 'time both are idle nearly all the time.');
  for (const note of result.notes ?? []) lines.push(`- ${note}`);
  lines.push('');
  for (const [name, byC] of Object.entries(result.scenarios)) {
    lines.push(`## ${name}`, '', result.descriptions[name] ?? '', '');
    lines.push('| concurrency | requests | client | success | attempts / request | budget denied | short-circuited | p50 ms | p95 ms | wall s |');
    lines.push('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [c, clients] of Object.entries(byC)) {
      for (const [client, f] of Object.entries(clients)) {
        if (f.error) { lines.push(`| ${c.slice(1)} | — | ${client} | ${f.error.slice(0, 120)} | | | | | | |`); continue; }
        lines.push(`| ${c.slice(1)} | ${f.requests} | ${client} | ${pct(f.success_rate)} | ${f.attempts_per_request.toFixed(2)} | `
          + `${num(f.budget_denied)} | ${num(f.short_circuited)} | ${num(f.p50_ms)} | ${num(f.p95_ms)} | ${(f.wall_ms / 1000).toFixed(1)} |`);
      }
    }
    lines.push('');
  }
  if (result.outage && Object.keys(result.outage.clients ?? {}).length) {
    const o = result.outage;
    lines.push('## A full outage of the only target', '', o.description, '');
    lines.push('| client | requests offered in the outage | attempts in the outage | attempts / request | most attempts on one request | budget denied | short-circuited | non-503 in the outage |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [client, f] of Object.entries(o.clients)) {
      if (f.error) { lines.push(`| ${client} | ${f.error.slice(0, 120)} | | | | | | |`); continue; }
      lines.push(`| ${client} | ${f.requests_offered_during_outage} | ${f.attempts_during_outage} | ${num(f.attempts_per_request)} | `
        + `${num(f.max_attempts_one_request ?? (client === 'openai-node' ? '3 (maxRetries 2)' : null))} | ${num(f.budget_denied)} | `
        + `${num(f.short_circuited)} | ${f.non_503_during_outage} |`);
    }
    lines.push('', 'attempts / request: what the simulator received before the outage ended, divided by the requests '
      + 'that started before it ended (the extra load the retries put on a dead target). Stormproof\'s budget '
      + 'denied and short-circuited cover its whole run (every request arrived during the outage; a few finished '
      + 'in the degraded phase after it).', '');
  }
  return `${lines.join('\n')}\n`;
}

// --- main ----------------------------------------------------------------------------------------------------

const opts = parseArgs(process.argv.slice(2));
if (opts.mdOnly) {
  writeFileSync(join(opts.out, 'defaults.md'), markdown(JSON.parse(readFileSync(join(opts.out, 'defaults.json'), 'utf8'))));
  process.exit(0);
}
const command = `bench/defaults/run${process.argv.slice(2).filter((a, i, all) => !['--sim', '--cli'].includes(a) && !['--sim', '--cli'].includes(all[i - 1])).map((a) => ` ${a}`).join('')}`;
const descriptions = {};
for (const name of opts.scenarios) {
  descriptions[name] = JSON.parse(readFileSync(join(root, 'resources/scenarios', `${name}.json`), 'utf8')).description;
}
const result = {
  machine: machine(),
  date: isoNow(),
  command,
  stormproof: stormproofBuild(opts.cli),
  versions: { openai: versions().openai },
  descriptions,
  scenarios: {},
};
const work = mkdtempSync(join(tmpdir(), 'stormproof-defaults-'));
const problems = [];
let serial = 0;

async function cell(scenario, c, client) {
  const load = { requests: requestsFor(c, opts.scale), concurrency: c };
  const dir = join(work, `${scenario}-c${c}-${client}-${++serial}`);
  mkdirSync(dir);
  try {
    const { run, records } = await once(opts, client, scenario, load, dir);
    const f = figures(load, run, records);
    process.stderr.write(`${scenario} c=${c} ${client}: ${load.requests} requests, success ${(f.success_rate * 100).toFixed(2)}%, `
      + `${f.attempts_per_request} attempts/request${f.budget_denied !== undefined ? `, budget denied ${f.budget_denied}, short-circuited ${f.short_circuited}` : ''}, wall ${f.wall_ms} ms\n`);
    return f;
  } catch (error) {
    problems.push(`${scenario} c=${c} ${client}: ${error.message}`);
    process.stderr.write(`${scenario} c=${c} ${client}: FAILED: ${error.message}\n`);
    return { error: String(error.message ?? error).slice(0, 500) };
  }
}

try {
  for (const name of opts.scenarios) result.scenarios[name] = Object.fromEntries(opts.concurrency.map((c) => [`c${c}`, {}]));
  // Concurrency 1 side by side (idle nearly all the time), the rest one at a time.
  if (opts.concurrency.includes(1)) {
    const jobs = opts.scenarios.flatMap((name) => opts.clients.map((client) => ({ name, client })));
    const done = await Promise.all(jobs.map(({ name, client }) => cell(name, 1, client)));
    jobs.forEach(({ name, client }, i) => { result.scenarios[name].c1[client] = done[i]; });
  }
  for (const name of opts.scenarios) {
    for (const c of opts.concurrency.filter((x) => x !== 1)) {
      for (const client of opts.clients) result.scenarios[name][`c${c}`][client] = await cell(name, c, client);
    }
  }
  if (opts.outage) {
    const load = { requests: Math.round((OUTAGE.rate_per_s * OUTAGE.duration_ms) / 1000), concurrency: OUTAGE.concurrency,
      rate_per_s: OUTAGE.rate_per_s };
    result.outage = {
      scenario: OUTAGE.scenario,
      description: `One target, the built-in \`${OUTAGE.scenario}\` scenario restarted and the load started when its `
        + `20-second outage phase (503 to everything) begins: ${load.requests} requests arriving at `
        + `${OUTAGE.rate_per_s}/s over those 20 s, at most ${OUTAGE.concurrency} at once (\`--rate ${OUTAGE.rate_per_s} `
        + `--concurrency ${OUTAGE.concurrency}\`); the simulator then goes on to its degraded phase (30% 503).`,
      requests: load.requests, concurrency: OUTAGE.concurrency, rate_per_s: OUTAGE.rate_per_s,
      outage_ms: OUTAGE.duration_ms,
      clients: {},
    };
    for (const client of opts.clients) {
      const dir = join(work, `outage-${client}`);
      mkdirSync(dir);
      try {
        const { run, records, context } = await once(opts, client, OUTAGE.scenario, load, dir, toOutage);
        const f = outageFigures(load, run, records, context);
        result.outage.clients[client] = f;
        process.stderr.write(`outage ${client}: ${f.requests_offered_during_outage} requests in the outage, `
          + `${f.attempts_during_outage} attempts (${f.attempts_per_request}/request)`
          + `${f.short_circuited !== undefined ? `, short-circuited ${f.short_circuited}, budget denied ${f.budget_denied}` : ''}\n`);
      } catch (error) {
        problems.push(`outage ${client}: ${error.message}`);
        result.outage.clients[client] = { error: String(error.message ?? error).slice(0, 500) };
        process.stderr.write(`outage ${client}: FAILED: ${error.message}\n`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(opts.out, { recursive: true });
writeFileSync(join(opts.out, 'defaults.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(opts.out, 'defaults.md'), markdown(result));
process.stdout.write(markdown(result));
for (const p of problems) console.error(`bench/defaults: ${p}`);
process.exit(problems.length ? 1 : 0);
