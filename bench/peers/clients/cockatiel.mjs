// cockatiel around the same calls (the OpenAI SDK with its own retries off): per target, a retry policy (5
// attempts, exponential backoff 0.5 s to 8 s, and a backoff that obeys retry-after-ms / retry-after, since
// cockatiel lets a backoff read the failure) outside a circuit breaker (5 consecutive failures, half-open after
// 10 s: Stormproof's defaults before issue 19, which made its open time 1.8 s; kept, so cockatiel's figures
// compare with earlier runs), then the fallback target when the primary gives up or its breaker is open.
// In the defaults set (config.defaults): its README's first example as written -- retry(handleAll, 3 retries,
// ExponentialBackoff() at its defaults) around circuitBreaker(handleAll, 10 s, ConsecutiveBreaker(5)); the
// harness gives it no fallback target there (the example has none).
import OpenAI from 'openai';
import {
  BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleAll, handleWhen, retry, wrap,
} from 'cockatiel';
import { collectStream, promptFor, readConfig, runLoad } from './common.mjs';

const run = readConfig();
const { config } = run;
// The SDK's own retries off in both sets: the attempts are cockatiel's (left on, each of cockatiel's attempts
// would be up to 3 of the SDK's).
const client = config.defaults
  ? new OpenAI({ baseURL: config.base_url, apiKey: config.api_key, maxRetries: 0 })
  : new OpenAI({ baseURL: config.base_url, apiKey: config.api_key, maxRetries: 0, timeout: 60_000 });

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
// No status: the connection failed or the stream broke — worth another try. A 4xx other than those is not.
// An open breaker is retried after the backoff too, as in cockatiel's README (retry(handleAll) wrapping the
// breaker): it may have half-opened by then.
const retryable = (e) => e instanceof BrokenCircuitError || e?.status === undefined || RETRYABLE_STATUS.has(e.status);
const breakerFailure = (e) => e?.status === undefined || e.status >= 500;

function serverHintMs(error) {
  const headers = error?.headers;
  const get = (name) => (typeof headers?.get === 'function' ? headers.get(name) : headers?.[name]);
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const s = Number.parseFloat(get('retry-after') ?? '');
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

// cockatiel's IBackoff: each step has a duration and makes the next one. The server's word wins over the curve.
class ServerHintBackoff {
  constructor(curve) { this.curve = curve; }
  next(context) { return new ServerHintStep(this.curve.next(context), context); }
}
class ServerHintStep {
  constructor(curveStep, context) {
    this.curveStep = curveStep;
    this.duration = serverHintMs(context.result?.error) ?? curveStep.duration;
  }
  next(context) { return new ServerHintStep(this.curveStep.next(context), context); }
}

// The README's first example, verbatim but for the function it wraps.
const readmePolicy = () => wrap(
  retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
  circuitBreaker(handleAll, { halfOpenAfter: 10 * 1000, breaker: new ConsecutiveBreaker(5) }),
);

const samePolicy = () => wrap(
  retry(handleWhen(retryable), {
    maxAttempts: config.max_attempts - 1,  // cockatiel counts the retries
    backoff: new ServerHintBackoff(new ExponentialBackoff({ initialDelay: 500, maxDelay: 8000 })),
  }),
  circuitBreaker(handleWhen(breakerFailure), { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
);
const targets = [config.primary_model, config.fallback_model].filter(Boolean)
  .map((model) => ({ model, policy: config.defaults ? readmePolicy() : samePolicy() }));

async function callModel(model, index) {
  const params = { model, messages: [{ role: 'user', content: promptFor(index) }] };
  if (!config.stream) return (await client.chat.completions.create(params)).choices[0].message.content ?? '';
  return collectStream(await client.chat.completions.create({ ...params, stream: true }));
}

await runLoad(run, async (index) => {
  let lastError;
  for (const target of targets) {
    try {
      return await target.policy.execute(() => callModel(target.model, index));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
});
