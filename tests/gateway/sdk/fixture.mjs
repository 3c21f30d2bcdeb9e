// What every gateway SDK case shares: a fresh stormproof-sim and a stormproof-gateway in front of it, both on
// 127.0.0.1 and port 0, a policy written for that simulator, the simulator's request log, and the reply hash
// (the simulator's reply_sha, FNV-1a) that tells a whole reply from a short one. Process handling and the hash
// come from bench/peers/lib.mjs, so the benchmark and the tests judge a reply the same way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLoopbackOnly, fnv1a64, start, waitForOutput } from '../../../bench/peers/lib.mjs';

export { fnv1a64 };

export function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// The policy every case starts from: quick retries so a case takes seconds, no retry budget so the attempt
// counts depend only on the simulator's seeded fault draws, and 10 attempts: flaky fails 40% of attempts, so
// 5 attempts lose 1% of requests (0.4^5) -- one in a case's few dozen now and then -- and 10 lose 0.01%.
export function fastPolicy(targets, extra = {}) {
  return {
    version: 1,
    targets,
    retry: { max_attempts: 10, base_delay_ms: 10, max_delay_ms: 100 },
    budget: { enabled: false },
    ...extra,
  };
}

export const openaiTarget = (simUrl, name, model) =>
  ({ name, provider: 'openai', base_url: `${simUrl}/v1`, model });
export const anthropicTarget = (simUrl, name, model) =>
  ({ name, provider: 'anthropic', base_url: simUrl, model });

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}

// Starts the simulator (seed, scenario) and the gateway (policy(simUrl), token), runs body({sim, gateway, ...}),
// and stops both whatever happens. The gateway's token comes from an environment variable (--token-env).
export async function withGateway({ simPath, gatewayPath, seed = 7, scenario = null, policy, token = null }, body) {
  const work = mkdtempSync(join(tmpdir(), 'stormproof-gateway-sdk-'));
  const sim = start(simPath, ['--host', '127.0.0.1', '--port', '0', '--seed', String(seed)]);
  let gateway = null;
  try {
    sim.url = (await waitForOutput(sim, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'stormproof-sim'))[1];
    if (scenario) await postScenario(sim, scenario);
    const policyPath = join(work, 'policy.json');
    writeFileSync(policyPath, JSON.stringify(policy(sim.url), null, 2));
    const args = ['--policy', policyPath, '--host', '127.0.0.1', '--port', '0', '--events', join(work, 'events.jsonl')];
    const env = { ...process.env };
    if (token) {
      env.STORMPROOF_GATEWAY_TEST_TOKEN = token;
      args.push('--token-env', 'STORMPROOF_GATEWAY_TEST_TOKEN');
    }
    gateway = start(gatewayPath, args, { env });
    const m = await waitForOutput(gateway, /^listening on (http:\/\/127\.0\.0\.1:(\d+))\r?$/m, 'stormproof-gateway');
    gateway.url = m[1];
    gateway.port = Number(m[2]);
    gateway.eventsPath = join(work, 'events.jsonl');
    // The first line on stdout is the URL (the contract), and the port is bound on loopback only.
    expect(gateway.output.split('\n')[0].replace(/\r$/, '') === `listening on ${gateway.url}`,
      `the first line of output is not the URL: ${gateway.output.split('\n')[0]}`);
    assertLoopbackOnly(gateway.port);
    return await body({ sim, gateway, work });
  } finally {
    if (gateway) await stop(gateway);
    await stop(sim);
    rmSync(work, { recursive: true, force: true });
  }
}

export async function postScenario(sim, scenario) {
  const body = typeof scenario === 'string' ? { name: scenario } : scenario;
  const r = await fetch(`${sim.url}/_sim/scenario`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`the simulator refused the scenario: ${await r.text()}`);
}

// The chat requests the simulator saw (both protocols), oldest first.
export async function upstream(sim) {
  const log = await (await fetch(`${sim.url}/_sim/requests`)).json();
  expect(log.total === log.requests.length, `the simulator log dropped ${log.total - log.requests.length} records`);
  return log.requests.filter((r) => r.api === 'openai' || r.api === 'anthropic');
}

// A text is whole when its hash is the reply_sha of a reply the simulator sent completely.
export function wholeReplies(records) {
  return new Set(records.filter((r) => r.outcome === 'complete' && r.reply_sha).map((r) => r.reply_sha));
}
