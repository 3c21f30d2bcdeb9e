// The official OpenAI Node SDK with its built-in retries: 5 attempts (maxRetries 4), its own backoff
// (0.5 s doubling to 8 s, jitter) and retry-after-ms. It has no circuit breaker and no fallback. In the defaults
// set (config.defaults) it is constructed as its README does: only baseURL and apiKey (maxRetries 2, 10 min timeout).
import OpenAI from 'openai';
import { collectStream, promptFor, readConfig, runLoad } from './common.mjs';

const run = readConfig();
const { config } = run;
const client = config.defaults
  ? new OpenAI({ baseURL: config.base_url, apiKey: config.api_key })
  : new OpenAI({ baseURL: config.base_url, apiKey: config.api_key, maxRetries: config.max_attempts - 1, timeout: 60_000 });

await runLoad(run, async (index) => {
  const params = { model: config.primary_model, messages: [{ role: 'user', content: promptFor(index) }] };
  if (!config.stream) return (await client.chat.completions.create(params)).choices[0].message.content ?? '';
  return collectStream(await client.chat.completions.create({ ...params, stream: true }));
});
