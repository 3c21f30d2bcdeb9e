// The Portkey gateway's routing config (the x-portkey-config header) for a run: bench/peers' portkey client and
// bench/gateway's harness send the same one. Per target, 5 attempts (retry.attempts 4) on 429/5xx/529 obeying
// retry-after(-ms), then the fallback target. In the defaults set (config.defaults): the config example of the
// gateway's README, {"retry": {"attempts": 5}} (its default status codes, retry-after not read), and with two
// models the docs' fallback example {"strategy": {"mode": "fallback"}, "targets": [...]}, whose targets inherit
// that retry. config: {api_key, base_url (the upstream's, with /v1), primary_model, fallback_model,
// max_attempts, defaults}.
export function portkeyRouting(config) {
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
  if (config.defaults) {
    return models.length > 1
      ? { retry: DEFAULT_RETRY, strategy: { mode: 'fallback' }, targets: models.map(defaultTarget) }
      : { retry: DEFAULT_RETRY, ...defaultTarget(models[0]) };
  }
  return models.length > 1
    ? { strategy: { mode: 'fallback' }, targets: models.map(target) }
    : target(models[0]);
}
