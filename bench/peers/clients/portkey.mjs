// The Portkey gateway (started by the harness on 127.0.0.1) does the resilience; the app is the OpenAI SDK
// pointed at it with its own retries off, the routing config in the x-portkey-config header: per target,
// 5 attempts (retry.attempts 4) on 429/5xx/529 obeying retry-after(-ms), then the fallback target.
import OpenAI from 'openai';
import { collectStream, promptFor, readConfig, runLoad } from './common.mjs';

const run = readConfig();
const { config } = run;
const target = (model) => ({
  provider: 'openai',
  api_key: config.api_key,
  custom_host: config.base_url,
  override_params: { model },
  retry: {
    attempts: config.max_attempts - 1,
    on_status_codes: [408, 409, 429, 500, 502, 503, 504, 529],
    use_retry_after_header: true,
  },
});
const models = [config.primary_model, config.fallback_model].filter(Boolean);
const routing = models.length > 1
  ? { strategy: { mode: 'fallback' }, targets: models.map(target) }
  : target(models[0]);
const client = new OpenAI({
  baseURL: `${config.gateway_url}/v1`, apiKey: config.api_key, maxRetries: 0, timeout: 120_000,
  defaultHeaders: { 'x-portkey-config': JSON.stringify(routing) },
});

await runLoad(run, async (index) => {
  const params = { model: config.primary_model, messages: [{ role: 'user', content: promptFor(index) }] };
  if (!config.stream) return (await client.chat.completions.create(params)).choices[0].message.content ?? '';
  return collectStream(await client.chat.completions.create({ ...params, stream: true }));
});
