#include "Options.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <set>

#include "resilience/Text.h"

#ifndef STORMPROOF_VERSION
#define STORMPROOF_VERSION "unknown"
#endif

namespace stormproof::cli {

namespace {

enum Command : unsigned { kChat = 1, kLoad = 2, kValidate = 4, kCompare = 8 };

struct OptionSpec {
    const char* name;
    const char* value;  // nullptr: a flag
    unsigned commands;  // where it applies
    const char* help;
};

// One row per option: the parser, the refusals and the help all read this table.
const OptionSpec kOptions[] = {
    {"--policy", "FILE", kChat | kLoad | kCompare, "targets and resilience from a policy file"},
    {"--provider", "openai|anthropic|simulator", kChat | kLoad | kCompare,
     "a single target (with --policy it replaces the policy's targets)"},
    {"--base-url", "URL", kChat | kLoad | kCompare,
     "the --provider target's server (default: the provider's own)"},
    {"--model", "NAME", kChat | kLoad | kCompare,
     "the --provider target's model (needed for openai and anthropic)"},
    {"--api-key-env", "VAR", kChat | kLoad | kCompare,
     "the environment variable that holds the --provider target's key"},
    {"--scenario", "NAME|FILE", kChat | kLoad | kCompare,
     "simulator targets: which scenario (built-in name or JSON file)"},
    {"--allow-insecure-http", nullptr, kChat | kLoad | kCompare,
     "allow plain http:// to a non-loopback --base-url"},
    {"--seed", "N", kChat | kLoad | kCompare,
     "seed of the embedded simulator (default: random, and reported)"},
    {"--system", "TEXT", kChat | kCompare, "system prompt"},
    {"--prompt", "TEXT", kChat | kCompare,
     "the prompt (or give it as the one positional argument, or on stdin)"},
    {"--requests", "N", kLoad, "how many requests to send"},
    {"--concurrency", "C", kLoad, "at most C requests at once"},
    {"--rate", "R", kLoad, "start R requests a second (open loop, at most C at once)"},
    {"--replies", "FILE", kLoad, "one JSON line per request (index, start time, ok, text, error class)"},
    {"--metrics-port", "PORT", kLoad,
     "serve GET /metrics (Prometheus text, docs/METRICS.md) on 127.0.0.1:PORT while the load runs; 0: any "
     "free port (the URL is printed on stderr)"},
    {"--max-tokens", "N", kChat | kLoad | kCompare, "the most tokens each reply may have (max_tokens)"},
    {"--temperature", "T", kChat | kLoad | kCompare, "sampling temperature, 0..2"},
    {"--stream", nullptr, kChat | kLoad | kCompare,
     "ask for streamed replies (chat shows the text as it comes on a TTY)"},
    {"--json", nullptr, kChat | kLoad | kCompare, "print one JSON object on stdout instead of text"},
    {"--events", "FILE|-", kChat | kLoad | kCompare,
     "append every event as JSONL to FILE; - writes them to stdout"},
    {"--targets", "A,B,...", kCompare,
     "the targets to compare, each alone (default: every target of the chain)"},
    {"--versus-policy", "FILE", kCompare,
     "also run each target under this policy file (one target under two policies)"},
};

constexpr const char* kTargetOptions[] = {
    "--policy", "--provider", "--base-url", "--model", "--api-key-env", "--scenario", "--allow-insecure-http",
    "--seed"};

const OptionSpec* find_option(const std::string& name) {
    for (const OptionSpec& o : kOptions)
        if (name == o.name)
            return &o;
    return nullptr;
}

unsigned command_bit(const std::string& command) {
    if (command == "chat")
        return kChat;
    if (command == "load")
        return kLoad;
    if (command == "validate")
        return kValidate;
    if (command == "compare")
        return kCompare;
    return 0;
}

bool is_target_option(const std::string& name) {
    for (const char* t : kTargetOptions)
        if (name == t)
            return true;
    return false;
}

std::string option_lines(unsigned command, bool target_options) {
    std::string out;
    for (const OptionSpec& o : kOptions) {
        if (!(o.commands & command) || is_target_option(o.name) != target_options)
            continue;
        std::string left = std::string("  ") + o.name + (o.value ? std::string(" ") + o.value : "");
        if (left.size() < 34)
            left.resize(34, ' ');
        else
            left += "\n" + std::string(34, ' ');
        out += left + o.help + "\n";
    }
    return out;
}

const char* kTopHelp =
    "usage: stormproof-cli COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  chat       send one prompt through the resilience engine and print the reply\n"
    "  load       send N requests at concurrency C and print a summary\n"
    "  compare    send one prompt to 2-4 targets at once and say which was fastest, which retried\n"
    "  validate   check a policy file\n"
    "\n"
    "  stormproof-cli COMMAND --help   the options of COMMAND\n"
    "  stormproof-cli --version        the version\n"
    "\n"
    "exit status: 0 success, 1 the request failed after the policy ran its course, 2 usage or configuration\n"
    "error, 128+N interrupted by signal N (130: Ctrl+C)\n";

std::string command_help(const std::string& command) {
    const unsigned bit = command_bit(command);
    std::string out;
    if (command == "chat") {
        out =
            "usage: stormproof-cli chat [TARGET OPTIONS] [OPTIONS] [--prompt TEXT | PROMPT]\n"
            "\n"
            "Sends one prompt and prints the reply on stdout. The prompt is --prompt TEXT, the one "
            "positional\n"
            "argument, or standard input when it is not a terminal. When stdout is not a terminal it holds "
            "only\n"
            "the final reply (a restarted stream's discarded text never reaches it). A fallback, a failure "
            "and\n"
            "the embedded simulator's seed are reported on stderr. Ctrl+C cancels: the partial reply, a\n"
            "\"cancelled\" line, exit 130; a second Ctrl+C kills at once.\n";
    } else if (command == "compare") {
        out =
            "usage: stormproof-cli compare [TARGET OPTIONS] [--targets A,B,...] [--versus-policy FILE] "
            "[OPTIONS]\n"
            "                              [--prompt TEXT | PROMPT]\n"
            "\n"
            "Sends one prompt to 2-4 columns at once: each target of --targets (default: every target of "
            "the\n"
            "chain) alone, without its fallbacks; with --versus-policy, each also under that policy. Prints\n"
            "each column's reply and resilience figures (attempts, waits, TTFT, total, tokens, cost), then "
            "the\n"
            "verdict: which was fastest, which needed retries, which failed. Exit 0 when every column "
            "answered,\n"
            "1 when any failed; Ctrl+C cancels every column (exit 130).\n";
    } else if (command == "load") {
        out =
            "usage: stormproof-cli load [TARGET OPTIONS] --requests N --concurrency C [OPTIONS]\n"
            "\n"
            "Sends N requests, at most C at once, and prints a summary (exit 1 when any failed). Ctrl+C "
            "cancels\n"
            "the requests in flight, prints the summary so far (with --json too) and exits 130; a second "
            "Ctrl+C\n"
            "kills at once.\n";
    } else {
        return "usage: stormproof-cli validate FILE\n"
               "\n"
               "Checks a policy file: \"FILE: ok (N targets)\" and exit 0, or one line per problem with its "
               "JSON\n"
               "path on stderr and exit 2.\n";
    }
    out += "\nTARGET OPTIONS:\n" + option_lines(bit, true);
    out += "\nOPTIONS:\n" + option_lines(bit, false);
    out += "  --help                          this help\n";
    out +=
        "\n--events - puts the event log on stdout; the reply or summary then goes to stderr, and --json is\n"
        "refused with it (write the events to a file instead).\n";
    return out;
}

[[noreturn]] void print_and_exit(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::exit(kExitOk);
}

int parse_int(const std::string& command, const std::string& flag, const std::string& value, long lo,
              long hi) {
    try {
        std::size_t used = 0;
        const long v = std::stol(value, &used);
        if (used == value.size() && v >= lo && v <= hi)
            return static_cast<int>(v);
    } catch (...) {
    }
    usage_error(command, flag + " must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) +
                             ", got \"" + value + "\"");
}

double parse_number(const std::string& command, const std::string& flag, const std::string& value, double lo,
                    double hi) {
    try {
        std::size_t used = 0;
        const double v = std::stod(value, &used);
        if (used == value.size() && std::isfinite(v) && v >= lo && v <= hi)
            return v;
    } catch (...) {
    }
    char range[64];
    std::snprintf(range, sizeof range, "%g..%g", lo, hi);
    usage_error(command, flag + " must be a number " + range + ", got \"" + value + "\"");
}

std::uint64_t parse_seed(const std::string& command, const std::string& value) {
    try {
        std::size_t used = 0;
        if (!value.empty() && value[0] != '-') {
            const unsigned long long v = std::stoull(value, &used);
            if (used == value.size())
                return v;
        }
    } catch (...) {
    }
    usage_error(command, "--seed must be an integer 0..18446744073709551615, got \"" + value + "\"");
}

void apply(Options& o, const std::string& name, const std::string& value) {
    const std::string& c = o.command;
    if (name == "--policy")
        o.policy_file = value;
    else if (name == "--provider")
        o.provider = value;
    else if (name == "--base-url")
        o.base_url = value;
    else if (name == "--model")
        o.model = value;
    else if (name == "--api-key-env")
        o.api_key_env = value;
    else if (name == "--scenario")
        o.scenario = value;
    else if (name == "--allow-insecure-http")
        o.allow_insecure_http = true;
    else if (name == "--seed")
        o.seed = parse_seed(c, value);
    else if (name == "--system")
        o.system = text_from_bytes(value);  // argv is bytes too
    else if (name == "--prompt") {
        o.prompt = text_from_bytes(value);
        o.has_prompt = true;
    } else if (name == "--requests")
        o.requests = parse_int(c, name, value, 1, 10000000);
    else if (name == "--concurrency")
        o.concurrency = parse_int(c, name, value, 1, 4096);
    else if (name == "--rate")
        o.rate_per_s = parse_int(c, name, value, 1, 100000);
    else if (name == "--replies")
        o.replies_file = value;
    else if (name == "--metrics-port")
        o.metrics_port = parse_int(c, name, value, 0, 65535);
    else if (name == "--max-tokens")
        o.max_tokens = parse_int(c, name, value, 1, 1000000);
    else if (name == "--temperature")
        o.temperature = parse_number(c, name, value, 0.0, 2.0);
    else if (name == "--stream")
        o.stream = true;
    else if (name == "--json")
        o.json = true;
    else if (name == "--events")
        o.events_file = value;
    else if (name == "--targets") {
        std::string rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string name_part = rest.substr(0, comma);
            if (name_part.empty())
                usage_error(c, "--targets takes names separated by commas, got \"" + value + "\"");
            o.targets.push_back(name_part);
            rest = comma == std::string::npos ? std::string() : rest.substr(comma + 1);
        }
        if (o.targets.empty())
            usage_error(c, "--targets needs at least one name");
    } else if (name == "--versus-policy")
        o.versus_policy_file = value;
}

}  // namespace

std::string read_prompt(const Options& o) {
    std::string prompt = o.prompt;
    if (!o.has_prompt)
        prompt = text_from_bytes(
            std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()));
    while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == '\r'))
        prompt.pop_back();
    if (prompt.empty())
        usage_error(o.command,
                    "the prompt is empty (give --prompt TEXT, a PROMPT argument or text on stdin)");
    return prompt;
}

void usage_error(const std::string& command, const std::string& message) {
    std::fprintf(stderr, "stormproof-cli: %s\n(stormproof-cli %s--help lists the options)\n", message.c_str(),
                 command_bit(command) ? (command + " ").c_str() : "");
    std::exit(kExitUsage);
}

Options parse(int argc, char** argv) {
    Options o;
    if (argc < 2) {
        std::fputs(kTopHelp, stderr);
        std::exit(kExitUsage);
    }
    const std::string first = argv[1];
    if (first == "--help" || first == "-h")
        print_and_exit(kTopHelp);
    if (first == "--version")
        print_and_exit(std::string("stormproof-cli ") + STORMPROOF_VERSION + "\n");
    if (first == "help") {
        if (argc >= 3 && command_bit(argv[2]))
            print_and_exit(command_help(argv[2]));
        print_and_exit(kTopHelp);
    }
    o.command = first;
    const unsigned bit = command_bit(o.command);
    if (!bit)
        usage_error("", "unknown command \"" + o.command + "\" (chat, load, compare or validate)");

    std::set<std::string> given;
    bool options_done = false;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (options_done || arg == "-" || arg.rfind("-", 0) != 0) {
            o.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "--help" || arg == "-h")
            print_and_exit(command_help(o.command));
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_value = arg.substr(eq + 1);
            arg.resize(eq);
        }
        const OptionSpec* spec = find_option(arg);
        if (!spec)
            usage_error(o.command, "unknown option " + arg);
        if (!(spec->commands & bit)) {
            std::string where;
            for (const char* c : {"chat", "load", "compare"})
                if (spec->commands & command_bit(c))
                    where += where.empty() ? c : std::string(" and ") + c;
            usage_error(o.command, arg + " does not apply to " + o.command + " (only to " + where + ")");
        }
        if (!given.insert(arg).second)
            usage_error(o.command, arg + " is given twice");
        std::string value;
        if (spec->value) {
            if (inline_value)
                value = *inline_value;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                usage_error(o.command, arg + " needs a value (" + spec->value + ")");
        } else if (inline_value) {
            usage_error(o.command, arg + " takes no value");
        }
        apply(o, arg, value);
    }

    // What the table cannot say: combinations.
    if (o.command == "validate") {
        if (o.positional.size() != 1)
            usage_error(o.command, "validate takes exactly one FILE");
        return o;
    }
    if (o.command == "compare") {
        if (o.targets.size() == 1 && o.versus_policy_file.empty())
            usage_error(o.command, "--targets names one target: a compare needs two, or --versus-policy");
    }
    if (o.command == "chat" || o.command == "compare") {
        if (o.positional.size() > 1)
            usage_error(o.command, o.command + " takes one positional PROMPT, got " +
                                       std::to_string(o.positional.size()) + " (quote the prompt)");
        if (o.positional.size() == 1) {
            if (o.has_prompt)
                usage_error(o.command, "give the prompt either with --prompt or as PROMPT, not both");
            o.prompt = text_from_bytes(o.positional.front());
            o.has_prompt = true;
        }
        if (!o.has_prompt && isatty(STDIN_FILENO))
            usage_error(
                o.command,
                "no prompt: give --prompt TEXT, a PROMPT argument, or pipe the prompt on standard input");
    }
    if (o.command == "load") {
        if (!o.positional.empty())
            usage_error(o.command,
                        "load takes no positional arguments, got \"" + o.positional.front() + "\"");
        if (!o.requests || !o.concurrency)
            usage_error(o.command, "load needs --requests N and --concurrency C");
    }
    if (o.events_to_stdout() && o.json)
        usage_error(
            o.command,
            "--events - and --json would both write JSON to stdout: write the events to a file instead");
    if (o.allow_insecure_http && o.base_url.empty())
        usage_error(o.command, "--allow-insecure-http applies to a --base-url, and none is given");
    if (!o.provider.empty() && o.provider != "simulator" && !o.scenario.empty())
        usage_error(o.command, "--scenario applies to simulator targets, not to --provider " + o.provider);
    return o;
}

}  // namespace stormproof::cli
