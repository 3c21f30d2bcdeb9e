#pragma once

#include <cstdint>
#include <string>

class QHttpServerRequest;

namespace stormproof {

class Clock;
class RequestLog;
class ScenarioRegistry;

// The simulator's control API under /_sim/ (loopback clients only):
//   GET  /_sim/requests[?since=SEQ]   the request log
//   GET  /_sim/scenario[?name=NAME]   the current (or the named) scenario and the phase it is in
//   POST /_sim/scenario               {"name": NAME} makes a known scenario current and starts its clock;
//                                     a whole scenario JSON makes that one current
// Answers are JSON; nothing here writes to a socket.
class ControlEndpoints {
public:
    struct Reply {
        int status = 200;
        std::string body;
    };

    ControlEndpoints(ScenarioRegistry& scenarios, const RequestLog& log, const Clock& clock,
                     std::uint64_t seed)
        : scenarios_(scenarios), log_(log), clock_(clock), seed_(seed) {}

    Reply handle(const QHttpServerRequest& request, bool from_loopback);

private:
    Reply get_scenario(const std::string& name);
    Reply post_scenario(const std::string& body);

    ScenarioRegistry& scenarios_;
    const RequestLog& log_;
    const Clock& clock_;
    std::uint64_t seed_;
};

}  // namespace stormproof
