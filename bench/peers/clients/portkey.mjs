// The Portkey gateway (started by the harness on 127.0.0.1) does the resilience; the app is the OpenAI SDK
// pointed at it with its own retries off, the routing config in the x-portkey-config header: per target,
// 5 attempts (retry.attempts 4) on 429/5xx/529 obeying retry-after(-ms), then the fallback target. In the
// defaults set (config.defaults): the config example of the gateway's README, {"retry": {"attempts": 5}} (its
// default status codes, retry-after not read), and with two models the docs' fallback example
// {"strategy": {"mode": "fallback"}, "targets": [...]}, whose targets inherit that retry.
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
const defaultTarget = (model) => ({
  provider: 'openai', api_key: config.api_key, custom_host: config.base_url, override_params: { model },
});
const DEFAULT_RETRY = { attempts: 5 };
let routing;
if (config.defaults) {
  routing = models.length > 1
    ? { retry: DEFAULT_RETRY, strategy: { mode: 'fallback' }, targets: models.map(defaultTarget) }
    : { retry: DEFAULT_RETRY, ...defaultTarget(models[0]) };
} else {
  routing = models.length > 1
    ? { strategy: { mode: 'fallback' }, targets: models.map(target) }
    : target(models[0]);
}
// The app's SDK retries off in both sets: the attempts are the gateway's (left on, each of the gateway's
// answers could be retried up to 2 more times, each with the gateway's own retries behind it).
const client = new OpenAI({
  baseURL: `${config.gateway_url}/v1`, apiKey: config.api_key, maxRetries: 0,
  ...(config.defaults ? {} : { timeout: 120_000 }),
  defaultHeaders: { 'x-portkey-config': JSON.stringify(routing) },
});

await runLoad(run, async (index) => {
  const params = { model: config.primary_model, messages: [{ role: 'user', content: promptFor(index) }] };
  if (!config.stream) return (await client.chat.completions.create(params)).choices[0].message.content ?? '';
  return collectStream(await client.chat.completions.create({ ...params, stream: true }));
});
