// bench/peers/breaker-curve.mjs — the breaker's trade-off in the peer benchmark's outage (issue 19 item 3): for
// each open time, Stormproof alone through the outage scenario (20 requests/s for 40 s, the primary answering
// 503 for the first 20 s, a healthy fallback), with the same-policy set's policy and only circuit_breaker.open_ms
// changed. How soon after the recovery a request is served by the primary again, against what the outage costs
// (primary attempts during it, all wasted). Writes bench/results/peers.breaker-curve.{json,md}.
//   node bench/peers/breaker-curve.mjs --sim build/default/app/stormproof-sim --cli build/default/app/stormproof-cli
//        [--open-ms 1000,1800,3000,5000,10000] [--out DIR] [--md-only]
import { readFileSync, writeFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chatRecords, finish, isoNow, machine, postScenario, start, startSimulator, stormproofBuild,
} from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const opts = { sim: opt('--sim'), cli: opt('--cli'), out: resolve(opt('--out', join(here, '../../bench/results'))) };
const openTimes = opt('--open-ms', '1000,1800,3000,5000,10000').split(',').map(Number);
if ((!args.includes('--md-only') && (!opts.sim || !opts.cli)) || openTimes.some((v) => !(v >= 100))) {
  console.error('usage: node breaker-curve.mjs --sim SIM --cli CLI [--open-ms A,B,...] [--out DIR]');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(join(here, 'scenarios', 'outage.json'), 'utf8'));

async function point(openMs, work) {
  const sim = await startSimulator(opts);
  try {
    const t0 = await postScenario(sim, spec.simulator);
    const target = (name, model) => ({ name, provider: 'openai', base_url: `${sim.url}/v1`, model,
      api_keys: [{ env: 'STORMPROOF_BENCH_KEY' }] });
    // harness.mjs's same-policy set, and the open time under test.
    const policy = {
      version: 1, targets: [target('primary', 'bench-primary'), target('fallback', 'bench-fallback')],
      retry: { max_attempts: 5, base_delay_ms: 500, max_delay_ms: 8000, backoff: 'exponential', jitter: 'full' },
      budget: { enabled: true, retry_ratio: 1.0 },
      stream: { after_first_token: 'restart' },
      circuit_breaker: { enabled: true, open_ms: openMs, max_open_ms: Math.max(openMs, 300000) },
    };
    const policyPath = join(work, `policy-${openMs}.json`);
    writeFileSync(policyPath, JSON.stringify(policy));
    const child = start(opts.cli, ['load', '--policy', policyPath, '--requests', String(spec.requests),
      '--concurrency', String(spec.concurrency), '--rate', String(spec.rate_per_s), '--json'],
    { env: { ...process.env, STORMPROOF_BENCH_KEY: 'sk-bench-not-a-secret' } });
    const done = await finish(child, 'stormproof-cli');
    if (!done.ok || done.code > 1) throw new Error(`${done.describe}: ${child.output.slice(-2000)}`);
    const summary = JSON.parse(child.output.slice(child.output.indexOf('{')));
    const records = await chatRecords(sim);
    const end = t0 + spec.outage_ms;
    const back = records.find((r) => r.model === 'bench-primary' && r.status === 200 && r.ts_ms >= end);
    return {
      open_ms: openMs,
      time_to_primary_ms: back ? back.ts_ms - end : null,
      primary_attempts_during_outage: records.filter((r) => r.model === 'bench-primary' && r.ts_ms < end).length,
      wasted_attempts: records.length - summary.succeeded,
      succeeded: summary.succeeded,
      requests: spec.requests,
      p95_ms: summary.latency_ms?.p95 ?? null,
    };
  } finally {
    sim.kill('SIGTERM');
    await sim.exited;
  }
}

// --md-only: write the Markdown again from the JSON in --out, running nothing.
const mdOnly = args.includes('--md-only');
const work = mdOnly ? null : mkdtempSync(join(tmpdir(), 'stormproof-breaker-curve-'));
const points = [];
const saved = mdOnly ? JSON.parse(readFileSync(join(opts.out, 'peers.breaker-curve.json'), 'utf8')) : null;
if (saved) points.push(...saved.points);
else try {
  for (const openMs of openTimes) {
    process.stderr.write(`open_ms ${openMs}: `);
    const p = await point(openMs, work);
    points.push(p);
    process.stderr.write(`back on primary after ${p.time_to_primary_ms} ms, ${p.primary_attempts_during_outage} primary attempts in the outage\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const result = saved ?? { machine: machine(), date: isoNow(), build: stormproofBuild(opts.cli),
  command: `node bench/peers/breaker-curve.mjs --open-ms ${openTimes.join(',')}`, scenario: spec.description, points };
mkdirSync(opts.out, { recursive: true });
writeFileSync(join(opts.out, 'peers.breaker-curve.json'), `${JSON.stringify(result, null, 2)}\n`);
const m = result.machine;
const md = [
  '# The breaker\'s open time: back on a recovered primary against attempts wasted on it', '',
  `- machine: ${m.host}, ${m.cpus}× ${m.cpu_model}, ${m.memory_gb} GB, Linux ${m.kernel}; ${result.date}`,
  `- command: \`${result.command}\` (Stormproof ${result.build.commit ?? '?'})`,
  `- scenario: ${result.scenario}`,
  '- Stormproof alone, the peer benchmark\'s same-policy set with only `circuit_breaker.open_ms` changed; a probe the',
  '  primary refuses within the open time keeps it (no doubling). One run per point.',
  '- "back on primary" in one run depends on where the recovery falls in the open period (it is one sample);',
  `  the worst case is the open time plus one arrival gap (${1000 / spec.rate_per_s} ms at ${spec.rate_per_s} requests/s).`, '',
  '| open_ms | back on primary after ms (this run) | worst case ms | primary attempts in outage | wasted attempts | p95 ms | success |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  ...points.map((p) => `| ${p.open_ms} | ${p.time_to_primary_ms ?? '—'} | ${p.open_ms + 1000 / spec.rate_per_s} | ${p.primary_attempts_during_outage} | ${p.wasted_attempts} | ${p.p95_ms ?? '—'} | ${((p.succeeded / p.requests) * 100).toFixed(1)}% |`),
  '',
];
writeFileSync(join(opts.out, 'peers.breaker-curve.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
