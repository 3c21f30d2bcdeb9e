// Drives the official OpenAI and Anthropic Node SDKs against stormproof-sim and checks that they parse what it
// sends (JSON and streams) and retry its 429/503/529 the way they do against the real APIs.
//   node fidelity.mjs PATH/TO/stormproof-sim
// Prints "N passed, N failed"; exits 1 on any failure, and also when the SDKs are not installed (never a skip).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

let OpenAI, Anthropic;
try {
  OpenAI = (await import('openai')).default;
  Anthropic = (await import('@anthropic-ai/sdk')).default;
} catch (e) {
  console.error(`FAIL: the official SDKs are not installed in tests/fidelity/node_modules (run scripts/setup): ${e.message}`);
  process.exit(1);
}

const simPath = process.argv[2];
const sim = spawn(simPath, ['--host', '127.0.0.1', '--port', '0', '--scenario', 'healthy', '--seed', '42'],
                  { stdio: ['ignore', 'pipe', 'inherit'] });
const firstLine = await new Promise((resolve, reject) => {
  const rl = createInterface({ input: sim.stdout });
  rl.once('line', resolve);
  sim.once('exit', (code) => reject(new Error(`stormproof-sim exited with ${code}`)));
});
const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
if (!match) throw new Error(`unexpected first line: ${firstLine}`);
const base = match[1];

async function setScenario(body) {
  const r = await fetch(`${base}/_sim/scenario`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`scenario rejected: ${await r.text()}`);
}
async function requestsSince(seq) {
  const r = await fetch(`${base}/_sim/requests?since=${seq}`);
  return (await r.json()).requests;
}
async function lastSeq() {
  const r = await fetch(`${base}/_sim/requests`);
  return (await r.json()).total;
}

let passed = 0, failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
function expect(cond, message) { if (!cond) throw new Error(message); }

const openai = new OpenAI({ apiKey: 'sk-fidelity', baseURL: `${base}/v1`, maxRetries: 2 });
const anthropic = new Anthropic({ apiKey: 'sk-ant-fidelity', baseURL: base, maxRetries: 2 });
const prompt = 'Tell me about retries.';
let reference = '';

await check('openai: chat completion (JSON)', async () => {
  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
  reference = r.choices[0].message.content;
  expect(reference.length > 20, `short reply: ${reference}`);
  expect(r.choices[0].finish_reason === 'stop', `finish_reason ${r.choices[0].finish_reason}`);
  expect(r.usage.completion_tokens > 0 && r.usage.total_tokens === r.usage.prompt_tokens + r.usage.completion_tokens,
         `usage ${JSON.stringify(r.usage)}`);
});

await check('openai: streamed chunks with include_usage and [DONE]', async () => {
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], stream: true,
    stream_options: { include_usage: true } });
  let text = '', usage = null, finish = null, chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  expect(text === reference, `streamed text differs from the JSON reply:\n${text}\n${reference}`);
  expect(finish === 'stop', `finish ${finish}`);
  expect(usage && usage.completion_tokens === chunks - 3, `usage ${JSON.stringify(usage)} for ${chunks} chunks`);
});

await check('anthropic: message (JSON), same text for the same prompt', async () => {
  const r = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 1024,
                                              messages: [{ role: 'user', content: prompt }] });
  expect(r.content[0].type === 'text' && r.content[0].text === reference, `text ${JSON.stringify(r.content)}`);
  expect(r.stop_reason === 'end_turn', `stop_reason ${r.stop_reason}`);
  expect(r.usage.output_tokens > 0, `usage ${JSON.stringify(r.usage)}`);
});

await check('anthropic: streamed events through the SDK helper', async () => {
  const stream = anthropic.messages.stream({ model: 'claude-3-5-haiku-latest', max_tokens: 1024,
                                             messages: [{ role: 'user', content: prompt }] });
  let text = '';
  stream.on('text', (t) => { text += t; });
  const final = await stream.finalMessage();
  expect(text === reference, `streamed text differs:\n${text}\n${reference}`);
  expect(final.stop_reason === 'end_turn', `stop_reason ${final.stop_reason}`);
});

await check('anthropic: Bearer auth (authToken) is accepted', async () => {
  const bearer = new Anthropic({ authToken: 'sk-ant-bearer', apiKey: null, baseURL: base, maxRetries: 0 });
  const r = await bearer.messages.create({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
  expect(r.content[0].text.length > 0, 'empty reply');
});

await check('openai: 503 is retried twice (3 attempts), then surfaces as APIError 503', async () => {
  await setScenario({ name: 'down', faults: [{ kind: 'unavailable', probability: 1.0 }] });
  const since = await lastSeq();
  const quick = new OpenAI({ apiKey: 'sk', baseURL: `${base}/v1`, maxRetries: 2 });
  let status = 0;
  try {
    await quick.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  } catch (e) { status = e.status; }
  const seen = await requestsSince(since);
  expect(status === 503, `status ${status}`);
  expect(seen.length === 3, `${seen.length} attempts reached the simulator`);
});

await check('openai: 429 with retry-after-ms is honoured (waits ~that long)', async () => {
  await setScenario({ name: 'limited', faults: [{ kind: 'rate_limit', probability: 1.0, retry_after_ms: 150 }] });
  const since = await lastSeq();
  const t0 = Date.now();
  let status = 0;
  try {
    await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  } catch (e) { status = e.status; }
  const elapsed = Date.now() - t0;
  const seen = await requestsSince(since);
  expect(status === 429, `status ${status}`);
  expect(seen.length === 3, `${seen.length} attempts`);
  expect(elapsed >= 300 && elapsed < 3000, `two waits of 150 ms took ${elapsed} ms in all`);
});

await check('openai: 429 insufficient_quota keeps its code', async () => {
  await setScenario({ name: 'broke', faults: [{ kind: 'insufficient_quota', probability: 1.0 }] });
  let err = null;
  try { await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }); }
  catch (e) { err = e; }
  expect(err && err.status === 429 && err.code === 'insufficient_quota', `error ${err && err.code}`);
});

await check('anthropic: 529 overloaded_error is retried and typed', async () => {
  await setScenario({ name: 'overloaded', faults: [{ kind: 'overloaded', probability: 1.0, retry_after_ms: 10 }] });
  const since = await lastSeq();
  let err = null;
  try { await anthropic.messages.create({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }); }
  catch (e) { err = e; }
  const seen = await requestsSince(since);
  expect(err && err.status === 529 && err.error?.error?.type === 'overloaded_error',
         `error ${err && err.status} ${JSON.stringify(err && err.error)}`);
  expect(seen.length === 3, `${seen.length} attempts`);
});

await check('anthropic: 400 is not retried', async () => {
  await setScenario({ name: 'bad', faults: [{ kind: 'bad_request', probability: 1.0 }] });
  const since = await lastSeq();
  let status = 0;
  try { await anthropic.messages.create({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }); }
  catch (e) { status = e.status; }
  expect(status === 400, `status ${status}`);
  expect((await requestsSince(since)).length === 1, 'a 400 was retried');
});

await check('both: serve outage-and-recovery in its healthy phase', async () => {
  await setScenario({ name: 'outage-and-recovery' });
  const a = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }] });
  const b = await anthropic.messages.create({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });
  expect(a.choices[0].message.content.length > 0 && b.content[0].text.length > 0, 'empty reply');
});

await check('openai SDK: a stream cut mid-way is reported, not returned as whole (or documented if not)', async () => {
  await setScenario({ name: 'cut', faults: [{ kind: 'cut', probability: 1.0, after_tokens: 3 }] });
  let threw = false, text = '';
  try {
    const stream = await openai.chat.completions.create({ model: 'm', stream: true,
                                                          messages: [{ role: 'user', content: prompt }] });
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  } catch { threw = true; }
  // The simulator really cut it: the SDK got 3 tokens at most, whichever way it reports it.
  expect(threw || text.split(' ').length <= 4, `got ${text}`);
  console.log(`     (openai-node on a cut stream: ${threw ? 'threw' : 'returned partial text silently: ' + JSON.stringify(text)})`);
});

sim.kill();
await once(sim, 'exit');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
