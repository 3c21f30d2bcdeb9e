#pragma once
// The command line: which options exist, which subcommand each applies to, the help of each subcommand, and
// the refusals (exit 2) for everything that does not apply.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stormproof::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // the request failed after the policy ran its course
constexpr int kExitUsage = 2;   // usage or configuration error
// Interrupted by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM), as a shell reports it.

struct Options {
    std::string command;  // chat | load | compare | validate
    std::string policy_file, provider, base_url, model, api_key_env, scenario, system, prompt, events_file,
        replies_file;
    bool has_prompt = false;  // --prompt or a positional prompt
    bool stream = false, json = false, allow_insecure_http = false;
    std::optional<int> requests, concurrency, max_tokens;
    std::optional<int> metrics_port;  // load: serve GET /metrics on 127.0.0.1:PORT
    std::optional<double> temperature;
    double rate_per_s = 0;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> targets;  // compare: --targets A,B,...
    std::string versus_policy_file;    // compare: --versus-policy FILE
    std::vector<std::string> positional;

    bool events_to_stdout() const { return events_file == "-"; }
};

// Parses argv; prints help or the version and exits 0 when asked, refuses (exit 2) what does not apply.
Options parse(int argc, char** argv);

// "stormproof-cli: MESSAGE" and where the help is, on stderr; exit 2.
[[noreturn]] void usage_error(const std::string& command, const std::string& message);

// The prompt of chat and compare: --prompt or the PROMPT argument, else all of stdin (Options::parse refused
// a terminal: this is a pipe or a file), as text, without trailing newlines. An empty prompt is a usage
// error.
std::string read_prompt(const Options& o);

}  // namespace stormproof::cli
