// The official OpenAI and Anthropic Node SDKs, unchanged but for their base URL, through stormproof-gateway in
// front of stormproof-sim. Each case starts its own simulator and gateway (127.0.0.1, port 0).
//   node gateway_sdk.mjs PATH/TO/stormproof-sim PATH/TO/stormproof-gateway CASE
// Exits 0 when the case passed, 1 when it failed — and 1 when the SDKs are not installed (never a skip).
import {
  anthropicTarget, expect, fastPolicy, fnv1a64, openaiTarget, postScenario, upstream, wholeReplies, withGateway,
} from './fixture.mjs';

let OpenAI, Anthropic;
try {
  OpenAI = (await import('openai')).default;
  Anthropic = (await import('@anthropic-ai/sdk')).default;
} catch (e) {
  console.error(`FAIL: the official SDKs are not installed in tests/gateway/sdk/node_modules (run scripts/setup): ${e.message}`);
  process.exit(1);
}

const [simPath, gatewayPath, caseName] = process.argv.slice(2);
const KEY = 'sk-gateway-test-not-a-secret';  // what an app passes as its key when the gateway has no token
const prompt = (i) => `Gateway request ${i}: say a few words about resilience.`;

const openaiFor = (gateway, options = {}) => new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, ...options });
const anthropicFor = (gateway, options = {}) => new Anthropic({ apiKey: KEY, baseURL: gateway.url, ...options });

async function openaiStreamText(client, params, requestOptions) {
  const stream = await client.chat.completions.create({ ...params, stream: true }, requestOptions);
  let text = '';
  let finish = null;
  for await (const chunk of stream) {
    text += chunk.choices?.[0]?.delta?.content ?? '';
    finish = chunk.choices?.[0]?.finish_reason ?? finish;
  }
  return { text, finish };
}

async function anthropicStreamText(client, params) {
  const stream = await client.messages.create({ ...params, stream: true });
  let text = '';
  let stop = null;
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'message_delta') stop = event.delta.stop_reason;
  }
  return { text, stop };
}

const cases = {
  // JSON and streams through `flaky` (30% 503, 10% 429) with both SDKs at their defaults: every reply whole,
  // the retries the gateway's (x-stormproof-attempts), the SDK's own never needed.
  async openai_flaky() {
    await withGateway({
      simPath, gatewayPath, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-flaky')]),
    }, async ({ sim, gateway }) => {
      const client = openaiFor(gateway);
      const texts = [];
      let retried = 0;
      for (let i = 0; i < 12; ++i) {
        const params = { model: 'default', messages: [{ role: 'user', content: prompt(i) }] };
        const { data, response } = await client.chat.completions.create(params).withResponse();
        expect(data.choices[0].finish_reason === 'stop', `finish_reason ${data.choices[0].finish_reason}`);
        expect(response.headers.get('x-stormproof-served-by') === 'sim', 'x-stormproof-served-by missing');
        expect(response.headers.get('x-stormproof-trace-id'), 'x-stormproof-trace-id missing');
        const attempts = Number(response.headers.get('x-stormproof-attempts'));
        expect(attempts >= 1, `x-stormproof-attempts ${response.headers.get('x-stormproof-attempts')}`);
        if (attempts > 1) ++retried;
        texts.push(data.choices[0].message.content);
        const streamed = await openaiStreamText(client, params);
        expect(streamed.finish === 'stop', `stream finish_reason ${streamed.finish}`);
        texts.push(streamed.text);
        expect(streamed.text === data.choices[0].message.content, `the stream differs from the JSON reply for ${i}`);
      }
      const records = await upstream(sim);
      const whole = wholeReplies(records);
      for (const t of texts) expect(whole.has(fnv1a64(t)), `a reply is not one the simulator sent whole: ${t}`);
      expect(records.some((r) => r.status === 503 || r.status === 429), 'flaky drew no fault: the case proves nothing');
      expect(retried > 0, 'no JSON request needed a retry');
    });
  },

  async anthropic_flaky() {
    await withGateway({
      simPath, gatewayPath, policy: (sim) => fastPolicy([anthropicTarget(sim, 'sim', 'sim-flaky')]),
    }, async ({ sim, gateway }) => {
      const client = anthropicFor(gateway);
      const texts = [];
      for (let i = 0; i < 12; ++i) {
        const params = { model: 'default', max_tokens: 256, messages: [{ role: 'user', content: prompt(i) }] };
        const { data, response } = await client.messages.create(params).withResponse();
        expect(data.stop_reason === 'end_turn', `stop_reason ${data.stop_reason}`);
        expect(response.headers.get('x-stormproof-served-by') === 'sim', 'x-stormproof-served-by missing');
        texts.push(data.content[0].text);
        const streamed = await anthropicStreamText(client, params);
        expect(streamed.stop === 'end_turn', `stream stop_reason ${streamed.stop}`);
        expect(streamed.text === data.content[0].text, `the stream differs from the JSON reply for ${i}`);
        // The SDK's own stream helper too (it assembles the final message from the events).
        const helper = client.messages.stream(params);
        const final = await helper.finalMessage();
        expect(final.content[0].text === data.content[0].text, 'messages.stream() differs');
        texts.push(streamed.text);
      }
      const records = await upstream(sim);
      expect(records.every((r) => r.api === 'anthropic'), 'an attempt left in another protocol');
      const whole = wholeReplies(records);
      for (const t of texts) expect(whole.has(fnv1a64(t)), `a reply is not one the simulator sent whole: ${t}`);
      expect(records.some((r) => r.status === 503 || r.status === 429), 'flaky drew no fault: the case proves nothing');
    });
  },

  // The SDKs retry 408/409/429/5xx twice by themselves. When the gateway's policy has run its course it says
  // x-should-retry: false, so an SDK at its default retries sends no more upstream attempts than one with
  // maxRetries 0: a dead upstream (503 and 429) and, on the same seed, `flaky`.
  async sdk_retries_add_no_attempts() {
    const deadScenarios = [
      { name: 'dead-503', faults: [{ kind: 'unavailable', probability: 1.0 }] },
      { name: 'dead-429', faults: [{ kind: 'rate_limit', probability: 1.0, retry_after_ms: 5 }] },
      { name: 'dead-529', faults: [{ kind: 'overloaded', probability: 1.0 }] },
    ];
    const maxAttempts = 3;
    for (const scenario of deadScenarios) {
      for (const sdk of ['openai', 'anthropic']) {
        const counts = {};
        for (const maxRetries of [undefined, 0]) {
          await withGateway({
            simPath, gatewayPath, scenario,
            policy: (sim) => fastPolicy([sdk === 'openai' ? openaiTarget(sim, 'sim', 'm') : anthropicTarget(sim, 'sim', 'm')],
              { retry: { max_attempts: maxAttempts, base_delay_ms: 10, max_delay_ms: 50 } }),
          }, async ({ sim, gateway }) => {
            const options = maxRetries === undefined ? {} : { maxRetries };
            let error = null;
            try {
              if (sdk === 'openai') {
                await openaiFor(gateway, options).chat.completions.create(
                  { model: 'default', messages: [{ role: 'user', content: prompt(1) }] });
              } else {
                await anthropicFor(gateway, options).messages.create(
                  { model: 'default', max_tokens: 64, messages: [{ role: 'user', content: prompt(1) }] });
              }
            } catch (e) { error = e; }
            expect(error && error.status, `${scenario.name}/${sdk}: no HTTP error reached the SDK (${error})`);
            // A status of the same class as the cause, never a 5xx turned into a 4xx or the reverse.
            const cause = { 'dead-503': 5, 'dead-429': 4, 'dead-529': 5 }[scenario.name];
            expect(Math.floor(error.status / 100) === cause, `${scenario.name}/${sdk}: status ${error.status}`);
            expect(error.headers?.get?.('x-should-retry') === 'false',
              `${scenario.name}/${sdk}: x-should-retry ${error.headers?.get?.('x-should-retry')}`);
            counts[maxRetries ?? 'default'] = (await upstream(sim)).length;
          });
        }
        expect(counts.default === maxAttempts && counts[0] === maxAttempts,
          `${scenario.name}/${sdk}: upstream attempts with the SDK's default retries ${counts.default}, ` +
          `with maxRetries 0 ${counts[0]} (the policy allows ${maxAttempts})`);
      }
    }
    // flaky on the same seed, 10 requests in sequence: the same fault draws, so the same attempts either way.
    const counts = {};
    for (const maxRetries of [undefined, 0]) {
      await withGateway({
        simPath, gatewayPath, seed: 11, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-flaky')]),
      }, async ({ sim, gateway }) => {
        const client = openaiFor(gateway, maxRetries === undefined ? {} : { maxRetries });
        for (let i = 0; i < 10; ++i) {
          await client.chat.completions.create({ model: 'default', messages: [{ role: 'user', content: prompt(i) }] });
        }
        counts[maxRetries ?? 'default'] = (await upstream(sim)).length;
      });
    }
    expect(counts.default <= counts[0], `flaky: ${counts.default} upstream attempts at the SDK's default retries, ${counts[0]} at 0`);
    expect(counts[0] > 10, `flaky: ${counts[0]} attempts for 10 requests, no fault drawn: the case proves nothing`);
  },

  // A stream cut after its first token reaches the SDK as an error (OpenAI `data: {"error": …}`, Anthropic
  // `event: error`): the SDK raises, and never returns a short text as if it were the whole reply.
  async stream_cut_raises() {
    const cutEveryTime = { name: 'cut-always', faults: [{ kind: 'cut', probability: 1.0, after_tokens: 3 }] };
    for (const sdk of ['openai', 'anthropic']) {
      for (const after of ['fail', 'restart']) {
        await withGateway({
          simPath, gatewayPath, scenario: cutEveryTime,
          policy: (sim) => fastPolicy([sdk === 'openai' ? openaiTarget(sim, 'sim', 'm') : anthropicTarget(sim, 'sim', 'm')],
            { stream: { after_first_token: after } }),
        }, async ({ sim, gateway }) => {
          let error = null;
          let result = null;
          try {
            result = sdk === 'openai'
              ? await openaiStreamText(openaiFor(gateway), { model: 'default', messages: [{ role: 'user', content: prompt(3) }] })
              : await anthropicStreamText(anthropicFor(gateway),
                { model: 'default', max_tokens: 256, messages: [{ role: 'user', content: prompt(3) }] });
          } catch (e) { error = e; }
          expect(error, `${sdk} (${after}): a cut stream was returned as a finished one: ${JSON.stringify(result)}`);
          const records = await upstream(sim);
          expect(records.length >= 1 && records.every((r) => r.outcome === 'cut'), `${sdk} (${after}): the simulator did not cut`);
        });
      }
    }
    // Cut once, then whole: the SDK gets the whole reply or raises — never the first attempt's tokens, never
    // a reply with the first attempt's tokens in front of the second's.
    const cutOnce = { name: 'cut-once', faults: [{ kind: 'cut', probability: 1.0, after_tokens: 3, max_count: 1 }] };
    for (const sdk of ['openai', 'anthropic']) {
      await withGateway({
        simPath, gatewayPath, scenario: cutOnce,
        policy: (sim) => fastPolicy([sdk === 'openai' ? openaiTarget(sim, 'sim', 'm') : anthropicTarget(sim, 'sim', 'm')]),
      }, async ({ sim, gateway }) => {
        let text = null;
        try {
          text = sdk === 'openai'
            ? (await openaiStreamText(openaiFor(gateway), { model: 'default', messages: [{ role: 'user', content: prompt(4) }] })).text
            : (await anthropicStreamText(anthropicFor(gateway),
              { model: 'default', max_tokens: 256, messages: [{ role: 'user', content: prompt(4) }] })).text;
        } catch { text = null; }
        if (text !== null) {
          expect(wholeReplies(await upstream(sim)).has(fnv1a64(text)), `${sdk}: a cut-then-restarted stream came back as ${JSON.stringify(text)}`);
        }
      });
    }
  },

  // bench/gateway's streams scenario in small: streams cut after 15 of their tokens at 400 tokens/s, through a
  // policy that restarts a cut stream (stream.after_first_token: restart, the default). Once the caller holds
  // the first token a restart would send it the text again, so the gateway must end such a stream with an error
  // event instead -- the SDK raises -- or deliver exactly the whole reply; never the cut attempt's tokens
  // followed by the next attempt's.
  async stream_cut_midway_with_restart_policy() {
    const cutMidway = {
      name: 'cut-midway', reply: { min_tokens: 30, max_tokens: 60, first_token_ms: 20, tokens_per_s: 400 },
      faults: [{ kind: 'cut', probability: 1.0, after_tokens: 15, max_count: 4 }],
    };
    for (const sdk of ['openai', 'anthropic']) {
      await withGateway({
        simPath, gatewayPath, scenario: cutMidway,
        policy: (sim) => fastPolicy([sdk === 'openai' ? openaiTarget(sim, 'sim', 'm') : anthropicTarget(sim, 'sim', 'm')],
          { stream: { after_first_token: 'restart' } }),
      }, async ({ sim, gateway }) => {
        const outcomes = [];
        for (let i = 0; i < 4; ++i) {
          try {
            const r = sdk === 'openai'
              ? await openaiStreamText(openaiFor(gateway), { model: 'default', messages: [{ role: 'user', content: prompt(40 + i) }] })
              : await anthropicStreamText(anthropicFor(gateway), { model: 'default', max_tokens: 256, messages: [{ role: 'user', content: prompt(40 + i) }] });
            outcomes.push(r.text);
          } catch { outcomes.push(null); }
        }
        const records = await upstream(sim);
        expect(records.filter((r) => r.outcome === 'cut').length === 4, `${sdk}: the simulator cut ${records.filter((r) => r.outcome === 'cut').length} streams, not 4`);
        const whole = wholeReplies(records);
        const corrupt = outcomes.filter((t) => t !== null && !whole.has(fnv1a64(t)));
        expect(corrupt.length === 0, `${sdk}: ${corrupt.length} of 4 cut streams came back as finished replies that are not the simulator's, e.g. ${JSON.stringify(corrupt[0])}`);
      });
    }
  },

  // Cross-protocol fallback both ways: the primary (the caller's protocol) is down, the backup speaks the other
  // protocol; the caller gets the backup's reply in its own protocol, whole, JSON and stream.
  async cross_protocol_fallback() {
    const primaryDown = { name: 'primary-down', faults: [{ kind: 'unavailable', probability: 1.0, models: ['primary-model'] }] };
    for (const caller of ['openai', 'anthropic']) {
      await withGateway({
        simPath, gatewayPath, scenario: primaryDown,
        policy: (sim) => fastPolicy(caller === 'openai'
          ? [openaiTarget(sim, 'primary', 'primary-model'), anthropicTarget(sim, 'backup', 'backup-model')]
          : [anthropicTarget(sim, 'primary', 'primary-model'), openaiTarget(sim, 'backup', 'backup-model')],
        { retry: { max_attempts: 2, base_delay_ms: 10, max_delay_ms: 50 } }),
      }, async ({ sim, gateway }) => {
        const other = caller === 'openai' ? 'anthropic' : 'openai';
        const texts = [];
        if (caller === 'openai') {
          const client = openaiFor(gateway);
          const params = { model: 'default', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt(5) }], max_tokens: 200 };
          const { data, response } = await client.chat.completions.create(params).withResponse();
          expect(response.headers.get('x-stormproof-served-by') === 'backup', `served by ${response.headers.get('x-stormproof-served-by')}`);
          expect(response.headers.get('x-stormproof-fallback') === 'true', `x-stormproof-fallback ${response.headers.get('x-stormproof-fallback')}`);
          expect(data.object === 'chat.completion' && data.choices[0].finish_reason === 'stop', `not an OpenAI completion: ${JSON.stringify(data).slice(0, 300)}`);
          expect(data.usage && data.usage.completion_tokens > 0, `usage ${JSON.stringify(data.usage)}`);
          texts.push(data.choices[0].message.content);
          const streamed = await openaiStreamText(client, params);
          expect(streamed.finish === 'stop', `stream finish_reason ${streamed.finish}`);
          texts.push(streamed.text);
        } else {
          const client = anthropicFor(gateway);
          const params = { model: 'default', system: 'Be brief.', max_tokens: 200, messages: [{ role: 'user', content: prompt(5) }] };
          const { data, response } = await client.messages.create(params).withResponse();
          expect(response.headers.get('x-stormproof-served-by') === 'backup', `served by ${response.headers.get('x-stormproof-served-by')}`);
          expect(response.headers.get('x-stormproof-fallback') === 'true', `x-stormproof-fallback ${response.headers.get('x-stormproof-fallback')}`);
          expect(data.type === 'message' && data.stop_reason === 'end_turn', `not an Anthropic message: ${JSON.stringify(data).slice(0, 300)}`);
          expect(data.usage && data.usage.output_tokens > 0, `usage ${JSON.stringify(data.usage)}`);
          texts.push(data.content[0].text);
          const streamed = await anthropicStreamText(client, params);
          expect(streamed.stop === 'end_turn', `stream stop_reason ${streamed.stop}`);
          texts.push(streamed.text);
          const final = await client.messages.stream(params).finalMessage();
          texts.push(final.content[0].text);
        }
        const records = await upstream(sim);
        const served = records.filter((r) => r.model === 'backup-model');
        expect(served.length === texts.length && served.every((r) => r.api === other && r.outcome === 'complete'),
          `${caller}: the backup's attempts ${JSON.stringify(served.map((r) => [r.api, r.outcome]))}`);
        const whole = wholeReplies(served);
        for (const t of texts) expect(whole.has(fnv1a64(t)), `${caller}: translated reply differs from the backup's: ${t}`);
        expect(records.filter((r) => r.model === 'primary-model').every((r) => r.api === caller && r.status === 503),
          `${caller}: the primary was not tried in the caller's protocol first`);
      });
    }
  },

  // The caller's Idempotency-Key is the request's key upstream on every attempt (here: two 503s, then 200).
  async idempotency_key_upstream() {
    const twoFailures = { name: 'two-503', faults: [{ kind: 'unavailable', probability: 1.0, max_count: 2 }] };
    for (const sdk of ['openai', 'anthropic']) {
      await withGateway({
        simPath, gatewayPath, scenario: twoFailures,
        policy: (sim) => fastPolicy([sdk === 'openai' ? openaiTarget(sim, 'sim', 'm') : anthropicTarget(sim, 'sim', 'm')]),
      }, async ({ sim, gateway }) => {
        const key = `caller-key-${sdk}-42`;
        const headers = { 'Idempotency-Key': key };
        if (sdk === 'openai') {
          await openaiFor(gateway).chat.completions.create({ model: 'default', messages: [{ role: 'user', content: prompt(6) }] }, { headers });
        } else {
          await anthropicFor(gateway).messages.create({ model: 'default', max_tokens: 64, messages: [{ role: 'user', content: prompt(6) }] }, { headers });
        }
        const records = await upstream(sim);
        expect(records.length === 3, `${sdk}: ${records.length} attempts upstream, expected 3`);
        const keys = records.map((r) => r['idempotency-key']);
        expect(keys.every((k) => k === key), `${sdk}: keys upstream ${JSON.stringify(keys)}`);
        // Without one, the gateway makes one, the same on every attempt of the request.
        await postScenario(sim, { ...twoFailures, name: 'two-503-again' });
        if (sdk === 'openai') {
          await openaiFor(gateway).chat.completions.create({ model: 'default', messages: [{ role: 'user', content: prompt(7) }] });
        } else {
          await anthropicFor(gateway).messages.create({ model: 'default', max_tokens: 64, messages: [{ role: 'user', content: prompt(7) }] });
        }
        const made = (await upstream(sim)).slice(3).map((r) => r['idempotency-key']);
        expect(made.length === 3 && made[0] && made.every((k) => k === made[0]) && made[0] !== key,
          `${sdk}: keys the gateway made ${JSON.stringify(made)}`);
      });
    }
  },

  // With --token-env, a request without the token (or with another) gets a 401 in the caller's shape and never
  // reaches the upstream; with it (Bearer for OpenAI, x-api-key for Anthropic), a 200.
  async token_required() {
    const token = `gw-${Math.random().toString(36).slice(2)}${Date.now()}`;
    await withGateway({
      simPath, gatewayPath, token, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-healthy')]),
    }, async ({ sim, gateway }) => {
      const params = { model: 'default', messages: [{ role: 'user', content: prompt(8) }] };
      const aParams = { model: 'default', max_tokens: 64, messages: [{ role: 'user', content: prompt(8) }] };
      let e1 = null;
      try { await openaiFor(gateway, { apiKey: 'not-the-token', maxRetries: 0 }).chat.completions.create(params); } catch (e) { e1 = e; }
      expect(e1?.status === 401 && e1.error?.message, `openai without the token: ${e1?.status} ${JSON.stringify(e1?.error)}`);
      let e2 = null;
      try { await anthropicFor(gateway, { apiKey: 'not-the-token', maxRetries: 0 }).messages.create(aParams); } catch (e) { e2 = e; }
      expect(e2?.status === 401 && e2.error?.type === 'error' && e2.error?.error?.type === 'authentication_error',
        `anthropic without the token: ${e2?.status} ${JSON.stringify(e2?.error)}`);
      const bare = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(params), headers: { 'content-type': 'application/json' } });
      expect(bare.status === 401, `no credentials at all: ${bare.status}`);
      const text401 = await bare.text();
      expect(!text401.includes(token), 'the 401 body holds the token');
      expect((await upstream(sim)).length === 0, 'a request without the token reached the upstream');
      const ok1 = await openaiFor(gateway, { apiKey: token }).chat.completions.create(params);
      expect(ok1.choices[0].message.content.length > 0, 'openai with the token: empty reply');
      const ok2 = await anthropicFor(gateway, { apiKey: token }).messages.create(aParams);
      expect(ok2.content[0].text.length > 0, 'anthropic with the token: empty reply');
      const bearerAnthropic = new Anthropic({ authToken: token, apiKey: null, baseURL: gateway.url });
      expect((await bearerAnthropic.messages.create(aParams)).content[0].text.length > 0, 'anthropic with Bearer: empty reply');
      expect((await upstream(sim)).length === 3, 'the three authorised requests did not all reach the upstream');
    });
  },

  // A body above the gateway's cap (32 MB) gets a 413 in the caller's protocol that the SDK can read -- not a
  // connection error, which the SDKs retry at their defaults, sending the whole body again each time -- and
  // never reaches the upstream. The gateway answers before reading the body; the client is still writing it, so
  // unless the gateway keeps reading (and discarding) for a while after its answer, the client's write meets a
  // reset and it never sees the 413.
  async body_too_large() {
    await withGateway({
      simPath, gatewayPath, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-healthy')]),
    }, async ({ sim, gateway }) => {
      const huge = 'x'.repeat(64 * 1024 * 1024);
      let e413 = null;
      try {
        await openaiFor(gateway, { maxRetries: 0 }).chat.completions.create({ model: 'default', messages: [{ role: 'user', content: huge }] });
      } catch (e) { e413 = e; }
      expect(e413?.status === 413 && e413.error?.message, `a 64 MB body (OpenAI SDK): ${e413?.status ?? `${e413} (${e413?.cause?.cause?.code ?? e413?.cause})`}`);
      let a413 = null;
      try {
        await anthropicFor(gateway, { maxRetries: 0 }).messages.create({ model: 'default', max_tokens: 8, messages: [{ role: 'user', content: huge }] });
      } catch (e) { a413 = e; }
      expect(a413?.status === 413 && a413.error?.type === 'error',
        `a 64 MB body (Anthropic SDK): ${a413?.status ?? `${a413} (${a413?.cause?.cause?.code ?? a413?.cause})`}`);
      expect((await upstream(sim)).length === 0, 'a body above the cap reached the upstream');
    });
  },

  // Malformed JSON gets a 400 naming the problem, an unknown model a 404 listing the valid names -- each in
  // the caller's protocol, none reaching the upstream.
  async rejected_requests() {
    await withGateway({
      simPath, gatewayPath, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-healthy')]),
    }, async ({ sim, gateway }) => {
      for (const [path, shape] of [['/v1/chat/completions', 'openai'], ['/v1/messages', 'anthropic']]) {
        const r = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: '{"model": "default", "messages": [' });
        const body = await r.json().catch(() => null);
        expect(r.status === 400, `${path} malformed JSON: ${r.status}`);
        const message = shape === 'openai' ? body?.error?.message : (body?.type === 'error' && body?.error?.message);
        expect(typeof message === 'string' && message.length > 0, `${path}: no error message in ${JSON.stringify(body)}`);
      }
      let e404 = null;
      try { await openaiFor(gateway, { maxRetries: 0 }).chat.completions.create({ model: 'no-such-target', messages: [{ role: 'user', content: 'x' }] }); } catch (e) { e404 = e; }
      expect(e404?.status === 404 && /sim/.test(e404.message) && /default/.test(e404.message), `unknown model: ${e404?.status} ${e404?.message}`);
      expect((await upstream(sim)).length === 0, 'a rejected request reached the upstream');
      // The gateway still serves after all that.
      const ok = await openaiFor(gateway).chat.completions.create({ model: 'sim', messages: [{ role: 'user', content: prompt(9) }] });
      expect(ok.choices[0].message.content.length > 0, 'no reply after the rejected requests');
    });
  },

  // 64 streams at once through the gateway: every one completes, byte-identical to what the simulator generated.
  async concurrent_64_streams() {
    await withGateway({
      simPath, gatewayPath, policy: (sim) => fastPolicy([openaiTarget(sim, 'sim', 'sim-healthy')]),
    }, async ({ sim, gateway }) => {
      const client = openaiFor(gateway);
      const n = 64;
      const results = await Promise.all(Array.from({ length: n }, (_, i) =>
        openaiStreamText(client, { model: 'default', messages: [{ role: 'user', content: prompt(100 + i) }] })));
      const records = await upstream(sim);
      expect(records.length === n, `${records.length} upstream attempts for ${n} streams`);
      const shaByPrompt = new Map(records.map((r) => [r.reply_sha, r]));
      const distinct = new Set(results.map((r) => r.text));
      expect(distinct.size === n, `${distinct.size} distinct replies for ${n} distinct prompts`);
      for (const [i, r] of results.entries()) {
        expect(r.finish === 'stop', `stream ${i}: finish_reason ${r.finish}`);
        const record = shaByPrompt.get(fnv1a64(r.text));
        expect(record && record.outcome === 'complete', `stream ${i} is not byte-identical to a reply the simulator sent`);
      }
    });
  },
};

if (!cases[caseName]) {
  console.error(`usage: node gateway_sdk.mjs SIM GATEWAY CASE (one of ${Object.keys(cases).join(', ')})`);
  process.exit(2);
}
try {
  await cases[caseName]();
  console.log(`ok   ${caseName}`);
  process.exit(0);
} catch (e) {
  console.log(`FAIL ${caseName}: ${e.stack || e}`);
  process.exit(1);
}
