// bench/gateway/openai-sdk.mjs — the app of the gateway scenarios: the official OpenAI SDK (bench/peers' pinned
// copy) at its default retries (maxRetries 2: 3 attempts on 408/409/429/5xx, obeying x-should-retry and
// retry-after), pointed at a gateway. The load and the record per request are bench/peers' (runLoad).
//   node openai-sdk.mjs CONFIG.json OUT.json
// CONFIG: {gateway_url, model, headers, requests, concurrency, rate_per_s, stream}.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectStream, promptFor, readConfig, runLoad } from '../peers/clients/common.mjs';

const peers = join(dirname(fileURLToPath(import.meta.url)), '../peers');
const OpenAI = (await import(pathToFileURL(join(peers, 'node_modules/openai/index.mjs')).href)).default;

const run = readConfig();
const { config } = run;
const client = new OpenAI({
  baseURL: `${config.gateway_url}/v1`, apiKey: config.api_key, defaultHeaders: config.headers ?? {},
});

await runLoad(run, async (index) => {
  const params = { model: config.model, messages: [{ role: 'user', content: promptFor(index) }] };
  if (!config.stream) return (await client.chat.completions.create(params)).choices[0].message.content ?? '';
  return collectStream(await client.chat.completions.create({ ...params, stream: true }));
});
