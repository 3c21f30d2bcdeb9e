// The Portkey gateway (started by the harness on 127.0.0.1) does the resilience; the app is the OpenAI SDK
// pointed at it with its own retries off, the routing config (portkey-config.mjs) in the x-portkey-config header.
import OpenAI from 'openai';
import { collectStream, promptFor, readConfig, runLoad } from './common.mjs';
import { portkeyRouting } from './portkey-config.mjs';

const run = readConfig();
const { config } = run;
const routing = portkeyRouting(config);
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
