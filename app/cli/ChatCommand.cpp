#include "ChatCommand.h"

#include <unistd.h>

#include <QCoreApplication>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "Interrupts.h"
#include "Messages.h"
#include "Runtime.h"
#include "llm/ChatCall.h"
#include "resilience/Text.h"

namespace stormproof::cli {

int run_chat(const Options& o) {
    std::optional<Scenario> scenario;
    const Policy policy = build_policy(o, scenario);
    const std::string prompt = read_prompt(o);

    Runtime rt(o, policy, scenario);
    ChatRequest request;
    request.system = o.system;
    request.messages.push_back({"user", prompt});
    request.stream = o.stream;
    request.max_tokens = o.max_tokens;
    request.temperature = o.temperature;
    request.conversation = "cli";
    const std::unique_ptr<ChatCall> owned_call = rt.client->chat(request);
    ChatCall* call = owned_call.get();

    // Deltas are shown as they come only to a person (a terminal); a pipe or a file gets the final text once,
    // so a restarted stream's discarded attempt never reaches it.
    const bool live = o.stream && !o.json && isatty(fileno(rt.out)) != 0;
    const bool stderr_tty = isatty(STDERR_FILENO) != 0;
    std::FILE* out = rt.out;
    if (live) {
        QObject::connect(call, &ChatCall::delta, [out](const QString& text) {
            std::fputs(text.toUtf8().constData(), out);
            std::fflush(out);
        });
        QObject::connect(call, &ChatCall::text_reset, [out] {
            std::fflush(out);
            std::fputs("\n[stream restarted: the text above is discarded]\n", stderr);
        });
    }
    if (!o.json && stderr_tty) {
        QObject::connect(call, &ChatCall::waiting, [](const WaitInfo& w) {
            std::fprintf(
                stderr, "retrying in %s — %s%s, %s — attempt %d of %d\n", seconds(w.delay_ms).c_str(),
                w.status ? (std::to_string(*w.status) + " ").c_str() : "",
                w.error_class ? std::string(to_string(*w.error_class)).c_str() : "",
                std::string(to_string(w.delay_source)).c_str(), w.next_attempt_on_target, w.max_attempts);
        });
    }

    Interrupts interrupts([call](int) { call->cancel(); });
    int exit_code = kExitOk;
    QObject::connect(call, &ChatCall::finished, [&](const ChatResult& result) {
        const bool cancelled =
            !result.ok && result.error && result.error->error_class == ErrorClass::Cancelled;
        const Redactor& redactor = rt.client->redactor();
        if (o.json) {
            nlohmann::json object = result.to_json();
            rt.annotate(object);
            std::printf("%s\n", to_json_text(object, 2).c_str());
        } else {
            if (!live && !result.text.empty())
                std::fputs(result.text.c_str(), out);
            if (!result.text.empty())
                std::fputs("\n", out);
            std::fflush(out);
            if (const std::string line = fallback_line(result, redactor); !line.empty())
                std::fprintf(stderr, "stormproof-cli: %s\n", line.c_str());
            if (cancelled) {
                std::fprintf(stderr, "stormproof-cli: cancelled by %s after %d attempt%s in %s%s\n",
                             Interrupts::name(interrupts.received()), result.error->attempts,
                             result.error->attempts == 1 ? "" : "s", seconds(result.total_ms).c_str(),
                             result.partial ? " (the partial reply is above)" : "");
            } else if (!result.ok && result.error) {
                std::fprintf(stderr, "stormproof-cli: %s\n", failure_line(result, redactor).c_str());
            }
        }
        std::fflush(stdout);
        exit_code = result.ok                            ? kExitOk
                    : cancelled && interrupts.received() ? interrupts.exit_status()
                                                         : kExitFailed;
        QCoreApplication::quit();
    });
    call->start();
    QCoreApplication::exec();
    return exit_code;
}

}  // namespace stormproof::cli
