#include "PolicyFields.h"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "Policy.h"

// Marks the form's words (labels, help, unit suffixes) for Qt Linguist: lupdate reads this file and the
// settings forms translate them in the context "PolicyFields" (translations/stormproof_vi.ts). core has no
// Qt: the mark is the text itself.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace stormproof {

namespace {

using nlohmann::json;

constexpr std::int64_t kMinuteMs = 60000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;
// Attempts on one target: the SDKs make 3 and the default is 5; past 20 a target that keeps failing is
// better left to the breaker, the fallback and the deadline.
constexpr int kMaxAttemptsLimit = 20;
// Breaker windows and thresholds counted in calls: far beyond what a person's chat fills in an hour.
constexpr int kMaxCalls = 10000;

template <typename E>
std::vector<std::string_view> names(std::initializer_list<E> values) {
    std::vector<std::string_view> out;
    for (E v : values)
        out.push_back(to_string(v));
    return out;
}

// Accessors for one member of ResiliencePolicy / ClassRule: the typed value in, JSON out, at this edge only.
#define SP_VALUE(member)                                               \
    .get = [](const ResiliencePolicy& p) -> json { return p.member; }, \
    .set = [](ResiliencePolicy& p, const json& v) { v.get_to(p.member); }
#define SP_ENUM(member, parse)                                                                 \
    .get = [](const ResiliencePolicy& p) -> json { return std::string(to_string(p.member)); }, \
    .set = [](ResiliencePolicy& p, const json& v) {                                            \
        if (const auto e = parse(v.get<std::string>()))                                        \
            p.member = *e;                                                                     \
    }
#define SP_RULE(member)                                              \
    .get_rule = [](const ClassRule& r) -> json { return r.member; }, \
    .set_rule = [](ClassRule& r, const json& v) { v.get_to(r.member); }

std::vector<PolicyField> make_table() {
    using T = FieldType;
    using U = FieldUnit;
    return {
        // targets[]: read by PolicyLoader::read_targets (names, URLs and keys have rules of their own).
        {.path = "targets[].name",
         .type = T::Text,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Name"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "1..64 letters, digits, '_', '.' or '-'; unique in the chain")},
        {.path = "targets[].provider",
         .type = T::Choice,
         .choices = names({ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Simulator}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Provider"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields", "openai: any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio...)")},
        {.path = "targets[].base_url",
         .type = T::Text,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Base URL"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "Empty: the provider's own (https://api.openai.com/v1, https://api.anthropic.com)")},
        {.path = "targets[].model", .type = T::Text, .label = QT_TRANSLATE_NOOP("PolicyFields", "Model")},
        {.path = "targets[].api_keys",
         .type = T::Special,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "API keys"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "Environment variables or keyring labels, tried in order; never the key itself")},
        {.path = "targets[].allow_insecure_http",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Allow plain http:// beyond this machine"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "Keys would cross the network in clear; loopback is always allowed")},
        {.path = "targets[].auth_header",
         .type = T::Choice,
         .choices = names({AuthHeader::Default, AuthHeader::ApiKey}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Key header"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "default: the provider's own (Authorization: Bearer, x-api-key); api-key: "
                                   "Azure OpenAI's api-key header")},
        {.path = "targets[].scenario",
         .type = T::Text,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Scenario"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "Simulator targets only: the scenario the built-in simulator plays")},

        {.path = "retry.max_attempts",
         .type = T::Integer,
         .min = 1,
         .max = kMaxAttemptsLimit,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Attempts per target"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields", "The official SDKs make 3; the deadline and the budget bound the whole chain"),
         SP_VALUE(retry.max_attempts)},
        {.path = "retry.base_delay_ms",
         .type = T::Integer,
         .min = 0,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Base delay"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "The first retry's wait before jitter; later ones grow from it"),
         SP_VALUE(retry.backoff.base_delay_ms)},
        {.path = "retry.max_delay_ms",
         .type = T::Integer,
         .min = 0,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Cap"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "No backoff wait is longer than this"),
         SP_VALUE(retry.backoff.max_delay_ms)},
        {.path = "retry.min_delay_ms",
         .type = T::Integer,
         .min = 0,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Floor"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "Keeps full jitter from drawing a 0 ms retry that re-hits an overloaded server at once"),
         SP_VALUE(retry.backoff.min_delay_ms)},
        {.path = "retry.backoff",
         .type = T::Choice,
         .choices = names({BackoffKind::Constant, BackoffKind::Linear, BackoffKind::Exponential}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Backoff"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "How the wait grows from one retry to the next"),
         SP_ENUM(retry.backoff.kind, backoff_kind_from_string)},
        {.path = "retry.jitter",
         .type = T::Choice,
         .choices = names({JitterKind::None, JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Jitter"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "Full jitter spreads retries evenly: no thundering herd when many clients fail at once"),
         SP_ENUM(retry.backoff.jitter, jitter_kind_from_string)},
        {.path = "retry.honor_retry_after",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Wait as long as the server says"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "Retry-After, retry-after-ms and the rate-limit reset headers"),
         SP_VALUE(retry.honor_retry_after)},
        {.path = "retry.max_retry_after_ms",
         .type = T::Integer,
         .min = 0,
         .max = kDayMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Longest server-requested wait"),
         SP_VALUE(retry.max_retry_after_ms)},
        {.path = "retry.on_retry_after_above_max",
         .type = T::Choice,
         .choices = names({AboveMaxAction::Fallback, AboveMaxAction::Fail, AboveMaxAction::WaitMax}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "When the server asks for longer"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "fallback: the next target at once; fail: give up; wait_max: wait the longest allowed"),
         SP_ENUM(retry.on_retry_after_above_max, above_max_action_from_string)},
        {.path = "retry.send_idempotency_key",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Send an Idempotency-Key"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "The same key on every retry of a request, so a retry never bills twice"),
         SP_VALUE(retry.send_idempotency_key)},
        {.path = "retry.classes",
         .type = T::Special,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Per-class rules"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "A rule per error class; the classes left out keep their defaults")},

        // retry.classes.CLASS: one rule per error class (the Per-class rules page's columns).
        {.path = "retry.classes.*.retry",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Retry"),
         SP_RULE(retry)},
        {.path = "retry.classes.*.max_attempts",
         .type = T::Integer,
         .min = 0,
         .max = kMaxAttemptsLimit,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Attempts"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "0: Attempts per target (the retry page's number)"),
         SP_RULE(max_attempts)},
        {.path = "retry.classes.*.use_server_hint",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Obey hint"),
         .help =
             QT_TRANSLATE_NOOP("PolicyFields", "Wait as the server's Retry-After or rate-limit headers say"),
         SP_RULE(use_server_hint)},
        {.path = "retry.classes.*.rotate_key",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Next key first"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "Try the target's next API key at once"),
         SP_RULE(rotate_key)},
        {.path = "retry.classes.*.on_exhausted",
         .type = T::Choice,
         .choices = names({ExhaustedAction::Fallback, ExhaustedAction::Stop}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "When exhausted"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "fallback: the next target; stop: fail the request"),
         .get_rule = [](const ClassRule& r) -> json { return std::string(to_string(r.on_exhausted)); },
         .set_rule =
             [](ClassRule& r, const json& v) {
                 if (const auto e = exhausted_action_from_string(v.get<std::string>()))
                     r.on_exhausted = *e;
             }},

        {.path = "timeouts.connect_ms",
         .type = T::Integer,
         .min = 1,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Connect"),
         SP_VALUE(timeouts.connect_ms)},
        {.path = "timeouts.first_token_ms",
         .type = T::Integer,
         .min = 1,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "First token"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "Until the first content token (or the whole body when not streaming)"),
         SP_VALUE(timeouts.first_token_ms)},
        {.path = "timeouts.idle_ms",
         .type = T::Integer,
         .min = 1,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Idle inside a stream"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "Silence between two chunks of a stream"),
         SP_VALUE(timeouts.idle_ms)},
        {.path = "timeouts.attempt_ms",
         .type = T::Integer,
         .min = 1,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Whole attempt"),
         SP_VALUE(timeouts.attempt_ms)},
        {.path = "timeouts.deadline_ms",
         .type = T::Integer,
         .min = 1,
         .max = kDayMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Deadline of a request"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "Retries, waits and fallbacks included"),
         SP_VALUE(timeouts.deadline_ms)},

        {.path = "circuit_breaker.enabled",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Enabled"),
         SP_VALUE(breaker.enabled)},
        {.path = "circuit_breaker.window",
         .type = T::Choice,
         .choices = names({BreakerWindow::Time, BreakerWindow::Count}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Window"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields", "time: the calls of the last Time window; count: the last Count window calls"),
         SP_ENUM(breaker.window, breaker_window_from_string)},
        {.path = "circuit_breaker.window_ms",
         .type = T::Integer,
         .min = 1000,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Time window"),
         SP_VALUE(breaker.window_ms)},
        {.path = "circuit_breaker.window_calls",
         .type = T::Integer,
         .min = 1,
         .max = kMaxCalls,
         .unit = U::Calls,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Count window"),
         SP_VALUE(breaker.window_calls)},
        {.path = "circuit_breaker.minimum_calls",
         .type = T::Integer,
         .min = 1,
         .max = kMaxCalls,
         .unit = U::Calls,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "over at least"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "The failure rate is judged only once the window holds this many calls"),
         SP_VALUE(breaker.minimum_calls)},
        {.path = "circuit_breaker.consecutive_failures",
         .type = T::Integer,
         .min = 0,
         .max = kMaxCalls,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Open after consecutive failures"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "0: off"),
         SP_VALUE(breaker.consecutive_failures)},
        {.path = "circuit_breaker.failure_rate_threshold_pct",
         .type = T::Number,
         .min = 1,
         .max = 100,
         .unit = U::Percent,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "…or a failure rate of"),
         SP_VALUE(breaker.failure_rate_threshold_pct)},
        {.path = "circuit_breaker.slow_call_ms",
         .type = T::Integer,
         .min = 1,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "A call is slow after"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "Time to first token, or the attempt's duration when there was none"),
         SP_VALUE(breaker.slow_call_ms)},
        {.path = "circuit_breaker.slow_call_rate_threshold_pct",
         .type = T::Number,
         .min = 1,
         .max = 100,
         .unit = U::Percent,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Open at a slow-call rate of"),
         SP_VALUE(breaker.slow_call_rate_threshold_pct)},
        {.path = "circuit_breaker.open_ms",
         .type = T::Integer,
         .min = 100,
         .max = kHourMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Open for"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "The first open time; probes follow"),
         SP_VALUE(breaker.open_ms)},
        {.path = "circuit_breaker.open_multiplier",
         .type = T::Number,
         .min = 1,
         .max = 10,
         .decimals = 1,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "× on each failed probe"),
         SP_VALUE(breaker.open_multiplier)},
        {.path = "circuit_breaker.max_open_ms",
         .type = T::Integer,
         .min = 100,
         .max = kDayMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Longest open time"),
         SP_VALUE(breaker.max_open_ms)},
        {.path = "circuit_breaker.half_open_probes",
         .type = T::Integer,
         .min = 1,
         .max = 100,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Probes to close"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "Successful probes in a row that close it again"),
         SP_VALUE(breaker.half_open_probes)},
        {.path = "circuit_breaker.failure_classes",
         .type = T::Special,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Failures that count"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "The error classes that count against a target (rate limits do not: "
                                   "Retry-After handles "
                                   "them)")},

        {.path = "budget.enabled",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Enabled"),
         SP_VALUE(budget.enabled)},
        {.path = "budget.scope",
         .type = T::Choice,
         .choices = names({BudgetScope::Global, BudgetScope::Target, BudgetScope::Conversation}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Counted per"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "target: a failing target never spends a healthy one's retries"),
         SP_ENUM(budget.scope, budget_scope_from_string)},
        {.path = "budget.retry_ratio",
         .type = T::Number,
         .min = 0,
         .max = 10,
         .decimals = 2,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Retries per request"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "0.2: retries may add 20% to the traffic"),
         SP_VALUE(budget.retry_ratio)},
        {.path = "budget.min_retries_per_s",
         .type = T::Number,
         .min = 0,
         .max = 1000,
         .decimals = 1,
         .unit = U::RetriesPerSecond,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Floor"),
         .help = QT_TRANSLATE_NOOP("PolicyFields", "Retries always allowed, however few requests there were"),
         SP_VALUE(budget.min_retries_per_s)},
        {.path = "budget.window_ms",
         .type = T::Integer,
         .min = 1000,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Window"),
         SP_VALUE(budget.window_ms)},

        {.path = "hedging.enabled",
         .type = T::Boolean,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Enabled"),
         SP_VALUE(hedging.enabled)},
        {.path = "hedging.delay_ms",
         .type = T::Integer,
         .min = 0,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Race after"),
         SP_VALUE(hedging.delay_ms)},
        // At most 5: each hedge can pay for a whole reply again.
        {.path = "hedging.max_hedges",
         .type = T::Integer,
         .min = 1,
         .max = 5,
         .unit = U::Hedges,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "At most"),
         SP_VALUE(hedging.max_hedges)},

        {.path = "stream.after_first_token",
         .type = T::Choice,
         .choices = names({AfterFirstToken::Fail, AfterFirstToken::Restart, AfterFirstToken::Continue}),
         .label = QT_TRANSLATE_NOOP("PolicyFields", "When a stream fails after its first token"),
         SP_ENUM(stream.after_first_token, after_first_token_from_string)},

        // shared_state: read by PolicyLoader::read_shared_state (the URL and the prefix have rules of their
        // own); the link to Redis in core/shared follows it. Timeouts are bounded at 1 min: nothing waits for
        // Redis, and a longer timeout only hides a Redis that is gone.
        {.path = "shared_state.redis_url",
         .type = T::Text,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Redis URL"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "redis://host:port/db; empty: nothing is shared with other processes"),
         SP_VALUE(shared_state.redis_url)},
        {.path = "shared_state.key_prefix",
         .type = T::Text,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Key prefix"),
         .help = QT_TRANSLATE_NOOP(
             "PolicyFields",
             "Processes with the same prefix share trips and waits; 1..64 printable characters"),
         SP_VALUE(shared_state.key_prefix)},
        {.path = "shared_state.connect_timeout_ms",
         .type = T::Integer,
         .min = 1,
         .max = kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Connect timeout"),
         SP_VALUE(shared_state.connect_timeout_ms)},
        {.path = "shared_state.command_timeout_ms",
         .type = T::Integer,
         .min = 1,
         .max = kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Command timeout"),
         .help = QT_TRANSLATE_NOOP("PolicyFields",
                                   "A Redis slower than this is called down; requests never wait for it"),
         SP_VALUE(shared_state.command_timeout_ms)},
        // At least 1 s: each shared key is read at most once a second (changes arrive at once by pub/sub).
        {.path = "shared_state.read_interval_ms",
         .type = T::Integer,
         .min = 1000,
         .max = 10 * kMinuteMs,
         .unit = U::Milliseconds,
         .label = QT_TRANSLATE_NOOP("PolicyFields", "Re-read every"),
         SP_VALUE(shared_state.read_interval_ms)},
    };
}

#undef SP_VALUE
#undef SP_ENUM
#undef SP_RULE

bool is_path_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '[' || c == ']';
}

std::string capitalized(std::string_view label) {
    std::string out(label);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

}  // namespace

std::string_view unit_suffix(FieldUnit unit) {
    switch (unit) {
        case FieldUnit::Milliseconds:
            return QT_TRANSLATE_NOOP("PolicyFields", " ms");
        case FieldUnit::Percent:
            return QT_TRANSLATE_NOOP("PolicyFields", " %");
        case FieldUnit::Calls:
            return QT_TRANSLATE_NOOP("PolicyFields", " calls");
        case FieldUnit::Attempts:
            return QT_TRANSLATE_NOOP("PolicyFields", " attempts");
        case FieldUnit::Hedges:
            return QT_TRANSLATE_NOOP("PolicyFields", " hedges");
        case FieldUnit::RetriesPerSecond:
            return QT_TRANSLATE_NOOP("PolicyFields", " retries/s");
        case FieldUnit::None:
            break;
    }
    return {};
}

std::string_view PolicyField::section() const {
    const auto dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

std::string_view PolicyField::key() const {
    const auto dot = path.rfind('.');
    return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

json PolicyField::default_value() const {
    if (get)
        return get(ResiliencePolicy{});
    if (get_rule)
        return get_rule(ClassRule{});
    return nullptr;
}

std::string PolicyField::choice_list() const {
    std::string out;
    for (std::string_view c : choices)
        out += (out.empty() ? "" : "|") + std::string(c);
    return out;
}

const std::vector<PolicyField>& PolicyFields::all() {
    static const std::vector<PolicyField> table = make_table();
    return table;
}

std::string PolicyFields::pattern_of(std::string_view path) {
    // Indexes become "[]": "targets[2].api_keys[0]" -> "targets[].api_keys[]".
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        out += path[i];
        if (path[i] == '[') {
            while (i + 1 < path.size() && path[i + 1] != ']')
                ++i;
        }
    }
    // A class rule's key: "retry.classes.auth.retry" -> "retry.classes.*.retry".
    constexpr std::string_view kClasses = "retry.classes.";
    if (out.rfind(kClasses, 0) == 0) {
        const auto end = out.find('.', kClasses.size());
        if (end != std::string::npos)
            out = std::string(kClasses) + "*" + out.substr(end);
    }
    return out;
}

const PolicyField* PolicyFields::find(std::string_view path) {
    const std::string pattern = pattern_of(path);
    for (const PolicyField& f : all()) {
        if (f.path == pattern)
            return &f;
    }
    return nullptr;
}

std::vector<const PolicyField*> PolicyFields::section(std::string_view name) {
    std::vector<const PolicyField*> out;
    for (const PolicyField& f : all()) {
        if (f.section() == name)
            out.push_back(&f);
    }
    return out;
}

std::vector<std::string_view> PolicyFields::keys(std::string_view name) {
    std::vector<std::string_view> out;
    for (const PolicyField* f : section(name))
        out.push_back(f->key());
    return out;
}

std::string PolicyFields::label_of(std::string_view path) {
    // "targets[1].name": "Target 2 › Name"; a deeper key ("targets[1].api_keys[0].env") is named by the
    // longest prefix the table knows.
    std::string prefix;
    std::string_view rest = path;
    constexpr std::string_view kTargets = "targets[";
    if (path.rfind(kTargets, 0) == 0) {
        const auto close = path.find(']');
        if (close != std::string_view::npos) {
            int index = 0;
            for (char c : path.substr(kTargets.size(), close - kTargets.size()))
                index = (c >= '0' && c <= '9') ? index * 10 + (c - '0') : index;
            prefix = "Target " + std::to_string(index + 1);
            rest = path.substr(close + 1);
            if (rest.empty())
                return prefix;
        }
    }
    constexpr std::string_view kClasses = "retry.classes.";
    if (path.rfind(kClasses, 0) == 0) {
        const std::string_view tail = path.substr(kClasses.size());
        const auto dot = tail.find('.');
        prefix = "Per-class rules › " + std::string(tail.substr(0, dot));
        if (dot == std::string_view::npos)
            return prefix;
    }
    for (std::string candidate(path); !candidate.empty();) {
        if (const PolicyField* f = find(candidate)) {
            const std::string label = capitalized(f->label);
            return prefix.empty() ? label : prefix + " › " + label;
        }
        const auto cut = candidate.find_last_of(".[");
        if (cut == std::string::npos)
            break;
        candidate.resize(cut);
    }
    return prefix.empty() ? std::string(path) : prefix;
}

std::string PolicyFields::message_in_form_words(const std::string& message) {
    // Every run of path characters that names a field becomes its label; the rest is kept as it is.
    std::string out;
    for (std::size_t i = 0; i < message.size();) {
        if (!is_path_char(message[i]) || message[i] == '.') {
            out += message[i++];
            continue;
        }
        std::size_t j = i;
        while (j < message.size() && is_path_char(message[j]))
            ++j;
        std::string_view word(message.data() + i, j - i);
        // A sentence's full stop is not part of the path.
        std::size_t trailing = 0;
        while (!word.empty() && word.back() == '.') {
            word.remove_suffix(1);
            ++trailing;
        }
        const bool is_field = word.find('.') != std::string_view::npos && find(word) != nullptr;
        out += is_field ? label_of(word) : std::string(word);
        out.append(trailing, '.');
        i = j;
    }
    return out;
}

std::string PolicyFields::in_form_words(const ConfigError& error) {
    std::string out;
    if (error.line > 0)
        out = "line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ": ";
    if (!error.path.empty())
        out += label_of(error.path) + ": ";
    return out + message_in_form_words(error.message);
}

}  // namespace stormproof
