#include "ServerHintParser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace stormproof {

std::string_view to_string(DelaySource source) {
    switch (source) {
        case DelaySource::None:
            return "none";
        case DelaySource::Backoff:
            return "backoff";
        case DelaySource::RetryAfter:
            return "retry_after";
        case DelaySource::RetryAfterMs:
            return "retry_after_ms";
        case DelaySource::RateLimitReset:
            return "rate_limit_reset";
        case DelaySource::BodyRetryDelay:
            return "body_retry_delay";
    }
    return "none";
}

std::string_view to_string(HintVerdict verdict) {
    switch (verdict) {
        case HintVerdict::Valid:
            return "valid";
        case HintVerdict::NonPositive:
            return "non_positive";
        case HintVerdict::Garbage:
            return "garbage";
        case HintVerdict::Absurd:
            return "absurd";
    }
    return "garbage";
}

namespace {

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kMsPerDay = 86400000;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::int64_t civil_year_of(std::int64_t unix_ms) {
    // Inverse of days_from_civil for the year only (civil_from_days).
    const std::int64_t z =
        (unix_ms >= 0 ? unix_ms / kMsPerDay : (unix_ms - kMsPerDay + 1) / kMsPerDay) + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

std::optional<std::int64_t> to_unix_ms(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                                       unsigned s) {
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    s = std::min(s, 59U);  // a leap second reads as the second before it
    return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * kMsPerSecond;
}

// A forgiving cursor over header text; every reader returns false and leaves nothing half-consumed it relies
// on.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    bool eat(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void skip_spaces() {
        while (pos_ < text_.size() && text_[pos_] == ' ') {
            ++pos_;
        }
    }
    bool digits(std::size_t min_count, std::size_t max_count, unsigned& out) {
        std::size_t n = 0;
        unsigned value = 0;
        while (pos_ < text_.size() && n < max_count &&
               std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
            value = value * 10 + static_cast<unsigned>(text_[pos_] - '0');
            ++pos_;
            ++n;
        }
        out = value;
        return n >= min_count;
    }
    std::string_view word() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }
    bool time_of_day(unsigned& h, unsigned& m, unsigned& s) {
        return digits(2, 2, h) && eat(':') && digits(2, 2, m) && eat(':') && digits(2, 2, s);
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<unsigned> month_from_name(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < kMonths.size(); ++i) {
        if (kMonths[i] == name) {
            return i + 1;
        }
    }
    return std::nullopt;
}

bool is_weekday(std::string_view name, bool long_form) {
    static constexpr std::array<std::string_view, 7> kShort = {"Mon", "Tue", "Wed", "Thu",
                                                               "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 7> kLong = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                              "Friday", "Saturday", "Sunday"};
    const auto& names = long_form ? kLong : kShort;
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<double> parse_number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    // from_chars would accept "inf" and "nan" and hex-free forms we never expect from a server: allow only
    // an optional sign, digits and one decimal point.
    std::size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
    bool seen_digit = false;
    bool seen_point = false;
    for (; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            seen_digit = true;
        } else if (text[i] == '.' && !seen_point) {
            seen_point = true;
        } else {
            return std::nullopt;
        }
    }
    if (!seen_digit) {
        return std::nullopt;
    }
    const std::string copy(text);
    try {
        return std::stod(copy);
    } catch (const std::out_of_range&) {
        // Well-formed but beyond double's range: an absurd wait (or a hugely negative one), not garbage.
        return copy[0] == '-' ? -std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::infinity();
    } catch (...) {
        return std::nullopt;
    }
}

HintReading verdict_for_delay(std::string header, std::string_view raw, double delay_ms) {
    HintReading reading{std::move(header), std::string(raw), HintVerdict::Garbage, 0};
    if (std::isnan(delay_ms)) {
        reading.verdict = HintVerdict::Garbage;
    } else if (delay_ms <= 0) {
        reading.verdict = HintVerdict::NonPositive;
    } else if (delay_ms > static_cast<double>(ServerHints::kAbsurdDelayMs)) {
        reading.verdict = HintVerdict::Absurd;
        reading.delay_ms = ServerHints::kAbsurdDelayMs;
    } else {
        reading.verdict = HintVerdict::Valid;
        // Round up: waiting 1 ms too long is harmless, 1 ms too short earns another 429.
        reading.delay_ms = static_cast<std::int64_t>(std::ceil(delay_ms));
    }
    return reading;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<std::int64_t> ServerHintParser::parse_http_date_ms(std::string_view text,
                                                                 std::int64_t now_system_ms) {
    Cursor c(text);
    const std::string_view weekday = c.word();
    unsigned day = 0, year = 0, h = 0, mi = 0, s = 0;
    if (c.eat(',')) {
        c.skip_spaces();
        if (is_weekday(weekday, false)) {
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            if (!c.digits(2, 2, day) || !c.eat(' '))
                return std::nullopt;
            const auto month = month_from_name(c.word());
            if (!month || !c.eat(' ') || !c.digits(4, 4, year) || !c.eat(' ') || !c.time_of_day(h, mi, s) ||
                !c.eat(' ') || c.word() != "GMT" || !c.done()) {
                return std::nullopt;
            }
            return to_unix_ms(year, *month, day, h, mi, s);
        }
        if (is_weekday(weekday, true)) {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            if (!c.digits(2, 2, day) || !c.eat('-'))
                return std::nullopt;
            const auto month = month_from_name(c.word());
            if (!month || !c.eat('-') || !c.digits(2, 2, year) || !c.eat(' ') || !c.time_of_day(h, mi, s) ||
                !c.eat(' ') || c.word() != "GMT" || !c.done()) {
                return std::nullopt;
            }
            std::int64_t full_year = 2000 + year;
            if (full_year > civil_year_of(now_system_ms) + 50) {
                full_year -= 100;
            }
            return to_unix_ms(full_year, *month, day, h, mi, s);
        }
        return std::nullopt;
    }
    // asctime: Sun Nov  6 08:49:37 1994
    if (!is_weekday(weekday, false) || !c.eat(' '))
        return std::nullopt;
    const auto month = month_from_name(c.word());
    if (!month || !c.eat(' '))
        return std::nullopt;
    c.eat(' ');  // single-digit days are space-padded
    if (!c.digits(1, 2, day) || !c.eat(' ') || !c.time_of_day(h, mi, s) || !c.eat(' ') ||
        !c.digits(4, 4, year) || !c.done()) {
        return std::nullopt;
    }
    return to_unix_ms(year, *month, day, h, mi, s);
}

std::optional<std::int64_t> ServerHintParser::parse_rfc3339_ms(std::string_view text) {
    Cursor c(text);
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!c.digits(4, 4, y) || !c.eat('-') || !c.digits(2, 2, mo) || !c.eat('-') || !c.digits(2, 2, d)) {
        return std::nullopt;
    }
    if (!c.eat('T') && !c.eat('t') && !c.eat(' '))
        return std::nullopt;
    if (!c.time_of_day(h, mi, s))
        return std::nullopt;
    double fraction_ms = 0;
    if (c.eat('.')) {
        unsigned digit = 0;
        double scale = 100;
        std::size_t count = 0;
        while (c.digits(1, 1, digit)) {
            fraction_ms += digit * scale;
            scale /= 10;
            ++count;
        }
        if (count == 0)
            return std::nullopt;
    }
    std::int64_t offset_minutes = 0;
    if (!c.eat('Z') && !c.eat('z')) {
        int sign = 0;
        if (c.eat('+')) {
            sign = 1;
        } else if (c.eat('-')) {
            sign = -1;
        } else {
            return std::nullopt;
        }
        unsigned oh = 0, om = 0;
        if (!c.digits(2, 2, oh) || !c.eat(':') || !c.digits(2, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_minutes = sign * static_cast<std::int64_t>(oh * 60 + om);
    }
    if (!c.done())
        return std::nullopt;
    const auto base = to_unix_ms(y, mo, d, h, mi, s);
    if (!base)
        return std::nullopt;
    return *base + static_cast<std::int64_t>(std::ceil(fraction_ms)) - offset_minutes * 60 * kMsPerSecond;
}

std::optional<std::int64_t> ServerHintParser::parse_go_duration_ms(std::string_view text) {
    if (text == "0") {
        return 0;
    }
    if (text.empty() || text[0] == '-' || text[0] == '+') {
        return std::nullopt;  // a negative reset is meaningless; '+' is not Go's syntax either
    }
    double total_ns = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t number_start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
            ++i;
        }
        const auto number = parse_number(text.substr(number_start, i - number_start));
        if (!number)
            return std::nullopt;
        const std::size_t unit_start = i;
        while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.') {
            ++i;
        }
        const std::string_view unit = text.substr(unit_start, i - unit_start);
        double scale_ns = 0;
        if (unit == "ns") {
            scale_ns = 1;
        } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {  // us, µs (micro), μs (mu)
            scale_ns = 1e3;
        } else if (unit == "ms") {
            scale_ns = 1e6;
        } else if (unit == "s") {
            scale_ns = 1e9;
        } else if (unit == "m") {
            scale_ns = 60e9;
        } else if (unit == "h") {
            scale_ns = 3600e9;
        } else {
            return std::nullopt;
        }
        total_ns += *number * scale_ns;
    }
    const double ms = std::ceil(total_ns / 1e6 - 1e-9);
    if (!std::isfinite(ms) || ms > static_cast<double>(std::numeric_limits<std::int64_t>::max() / 2)) {
        return std::numeric_limits<std::int64_t>::max() / 2;  // absurd, and the caller's rules say so
    }
    return static_cast<std::int64_t>(ms);
}

HintReading ServerHintParser::read_retry_after_ms(std::string_view value, std::string_view header) {
    const auto number = parse_number(value);
    if (!number) {
        return HintReading{std::string(header), std::string(value), HintVerdict::Garbage, 0};
    }
    return verdict_for_delay(std::string(header), value, *number);
}

std::optional<double> ServerHintParser::parse_proto_duration_ms(std::string_view text) {
    // protobuf's JSON mapping of Duration: "seconds with up to 9 fractional digits followed by s"; negative
    // durations exist in protobuf but not as a wait.
    if (text.size() < 2 || text.back() != 's')
        return std::nullopt;
    const std::string_view number = text.substr(0, text.size() - 1);
    if (number.empty() || !std::isdigit(static_cast<unsigned char>(number.front())))
        return std::nullopt;
    const auto point = number.find('.');
    if (point != std::string_view::npos && (number.size() - point - 1 == 0 || number.size() - point - 1 > 9))
        return std::nullopt;
    const auto seconds = parse_number(number);
    if (!seconds)
        return std::nullopt;
    return *seconds * kMsPerSecond;
}

void ServerHintParser::apply_body_hint(ServerHints& hints, const ProviderError& error) {
    if (error.retry_delay.empty())
        return;
    const std::string name(kBodyRetryDelayName);
    HintReading reading{name, error.retry_delay, HintVerdict::Garbage, 0};
    if (const auto ms = parse_proto_duration_ms(error.retry_delay))
        reading = verdict_for_delay(name, error.retry_delay, *ms);
    hints.readings.push_back(reading);
    const bool usable = reading.verdict == HintVerdict::Valid || reading.verdict == HintVerdict::Absurd;
    const bool header_said = hints.delay_ms && hints.source != DelaySource::RateLimitReset;
    if (usable && !header_said) {
        hints.delay_ms = reading.delay_ms;
        hints.absurd = reading.verdict == HintVerdict::Absurd;
        hints.source = DelaySource::BodyRetryDelay;
    }
}

HintReading ServerHintParser::read_retry_after(std::string_view value, std::int64_t now_system_ms) {
    if (const auto seconds = parse_number(value)) {
        return verdict_for_delay("retry-after", value, *seconds * kMsPerSecond);
    }
    if (const auto when = parse_http_date_ms(value, now_system_ms)) {
        return verdict_for_delay("retry-after", value, static_cast<double>(*when - now_system_ms));
    }
    return HintReading{"retry-after", std::string(value), HintVerdict::Garbage, 0};
}

ServerHints ServerHintParser::parse(const HttpHeaders& headers, std::int64_t now_system_ms,
                                    bool is_rate_limited) {
    ServerHints hints;
    auto read_int = [&](std::string_view name) -> std::optional<std::int64_t> {
        const auto value = headers.get(name);
        return value ? parse_int(*value) : std::nullopt;
    };

    // Rate-limit state, OpenAI names first, Anthropic's where OpenAI's are absent.
    RateLimitInfo& rl = hints.rate_limit;
    rl.limit_requests = read_int("x-ratelimit-limit-requests");
    rl.remaining_requests = read_int("x-ratelimit-remaining-requests");
    rl.limit_tokens = read_int("x-ratelimit-limit-tokens");
    rl.remaining_tokens = read_int("x-ratelimit-remaining-tokens");
    if (!rl.limit_requests)
        rl.limit_requests = read_int("anthropic-ratelimit-requests-limit");
    if (!rl.remaining_requests)
        rl.remaining_requests = read_int("anthropic-ratelimit-requests-remaining");
    if (!rl.limit_tokens)
        rl.limit_tokens = read_int("anthropic-ratelimit-tokens-limit");
    if (!rl.remaining_tokens)
        rl.remaining_tokens = read_int("anthropic-ratelimit-tokens-remaining");
    if (!rl.limit_tokens)
        rl.limit_tokens = read_int("anthropic-ratelimit-input-tokens-limit");
    if (!rl.remaining_tokens)
        rl.remaining_tokens = read_int("anthropic-ratelimit-input-tokens-remaining");

    std::vector<HintReading> resets;  // (reading, is exhausted dimension)
    std::vector<bool> exhausted;
    auto read_reset = [&](std::string_view name, bool rfc3339, std::optional<std::int64_t>& into,
                          std::optional<std::int64_t> remaining) {
        const auto value = headers.get(name);
        if (!value || into)
            return;
        HintReading reading{std::string(name), *value, HintVerdict::Garbage, 0};
        if (rfc3339) {
            if (const auto when = parse_rfc3339_ms(*value)) {
                reading =
                    verdict_for_delay(std::string(name), *value, static_cast<double>(*when - now_system_ms));
            }
        } else if (const auto ms = parse_go_duration_ms(*value)) {
            reading = verdict_for_delay(std::string(name), *value, static_cast<double>(*ms));
        }
        if (reading.verdict == HintVerdict::Valid || reading.verdict == HintVerdict::Absurd) {
            into = reading.delay_ms;
        }
        resets.push_back(reading);
        exhausted.push_back(remaining && *remaining <= 0);
    };
    read_reset("x-ratelimit-reset-requests", false, rl.reset_requests_ms, rl.remaining_requests);
    read_reset("x-ratelimit-reset-tokens", false, rl.reset_tokens_ms, rl.remaining_tokens);
    read_reset("anthropic-ratelimit-requests-reset", true, rl.reset_requests_ms, rl.remaining_requests);
    read_reset("anthropic-ratelimit-tokens-reset", true, rl.reset_tokens_ms, rl.remaining_tokens);
    read_reset("anthropic-ratelimit-input-tokens-reset", true, rl.reset_tokens_ms, rl.remaining_tokens);
    read_reset("anthropic-ratelimit-output-tokens-reset", true, rl.reset_tokens_ms, std::nullopt);

    // The wait: retry-after-ms is the most precise, so it wins (the SDKs' order); a hint that is zero,
    // negative or garbage falls through to the next source rather than ending the search.
    std::vector<HintReading> candidates;
    if (const auto v = headers.get(kRetryAfterMsHeader))
        candidates.push_back(read_retry_after_ms(*v));
    // Azure's own name for the same wait (Azure SDKs' retry policies read retry-after-ms, x-ms-retry-after-ms
    // and Retry-After, in that order).
    if (const auto v = headers.get(kAzureRetryAfterMsHeader))
        candidates.push_back(read_retry_after_ms(*v, kAzureRetryAfterMsHeader));
    if (const auto v = headers.get("retry-after"))
        candidates.push_back(read_retry_after(*v, now_system_ms));
    for (const auto& reading : candidates) {
        hints.readings.push_back(reading);
    }
    for (const auto& reading : candidates) {
        if (reading.verdict == HintVerdict::Valid || reading.verdict == HintVerdict::Absurd) {
            hints.delay_ms = reading.delay_ms;
            hints.absurd = reading.verdict == HintVerdict::Absurd;
            hints.source =
                reading.header == "retry-after" ? DelaySource::RetryAfter : DelaySource::RetryAfterMs;
            break;
        }
    }

    // A 429 without a usable Retry-After waits for the reset of the dimension that ran out (remaining == 0);
    // when the server does not say which, for the latest reset, since an earlier one may not free what we
    // need.
    if (is_rate_limited && !hints.delay_ms) {
        std::optional<std::int64_t> wait_exhausted;
        std::optional<std::int64_t> wait_any;
        for (std::size_t i = 0; i < resets.size(); ++i) {
            const auto& reading = resets[i];
            if (reading.verdict != HintVerdict::Valid && reading.verdict != HintVerdict::Absurd)
                continue;
            wait_any = std::max(wait_any.value_or(0), reading.delay_ms);
            if (exhausted[i])
                wait_exhausted = std::max(wait_exhausted.value_or(0), reading.delay_ms);
        }
        if (const auto wait = wait_exhausted ? wait_exhausted : wait_any) {
            hints.delay_ms = *wait;
            hints.absurd = *wait >= ServerHints::kAbsurdDelayMs;
            hints.source = DelaySource::RateLimitReset;
        }
    }
    for (auto& reading : resets) {
        hints.readings.push_back(std::move(reading));
    }

    if (const auto v = headers.get("x-should-retry")) {
        std::string lower(*v);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        if (lower == "true")
            hints.should_retry = true;
        if (lower == "false")
            hints.should_retry = false;
    }
    return hints;
}

}  // namespace stormproof
