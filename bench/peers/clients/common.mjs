// What every Node client of the benchmark shares: the same prompts as stormproof-cli load, the same arrival
// pattern (C workers; with a rate, request n starts no earlier than n / rate s after the first), and the same
// record per request, written as JSON lines like `stormproof-cli load --replies`.
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

// LoadRunner::prompt_for: the simulator's reply depends on the prompt, so each request gets its own.
export const promptFor = (index) => `Load request ${index}: say a few words about resilience.`;

export function readConfig() {
  const [configPath, outPath] = process.argv.slice(2);
  if (!configPath || !outPath) {
    console.error('usage: node CLIENT.mjs CONFIG.json OUT.json');
    process.exit(2);
  }
  return { config: JSON.parse(readFileSync(configPath, 'utf8')), outPath };
}

// A short, stable description of a failure: the HTTP status when there was one, else the error's name.
export function describeError(error) {
  if (error?.status) return `http_${error.status}`;
  if (error?.name === 'BrokenCircuitError') return 'breaker_open';
  return String(error?.name ?? error?.constructor?.name ?? 'error');
}

// Runs `call(index)` (→ the reply text; throws on failure) for every request and writes OUT.json:
// {replies: [...], cpu_ms, peak_rss_mb, wall_ms}. CPU is counted over the load only, not module loading.
export async function runLoad({ config, outPath }, call) {
  const { requests, concurrency, rate_per_s: rate } = config;
  const replies = new Array(requests);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= requests) return;
      if (rate > 0) {
        const wait = t0 + (index * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const startedUnixMs = Date.now();
      const start = performance.now();
      let ok = false;
      let text = '';
      let errorClass = '';
      try {
        text = await call(index);
        ok = true;
      } catch (error) {
        errorClass = describeError(error);
      }
      replies[index] = {
        index, started_unix_ms: startedUnixMs, ok, text, error_class: errorClass,
        total_ms: Math.round(performance.now() - start),
      };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuStart);
  writeFileSync(outPath, JSON.stringify({
    replies,
    wall_ms: Math.round(wallMs),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,  // maxRSS is in kilobytes
  }));
}

// Reads an OpenAI chat completion stream to its end and returns the text. A stream that breaks throws.
export async function collectStream(stream) {
  let text = '';
  for await (const chunk of stream) text += chunk.choices?.[0]?.delta?.content ?? '';
  return text;
}
