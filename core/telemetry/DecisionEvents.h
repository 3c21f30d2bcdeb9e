#pragma once

#include <vector>

#include "TelemetryEvent.h"
#include "resilience/Decision.h"

namespace stormproof {

// Which telemetry events one engine decision becomes, in order. Pure: the one place that says what the event
// log, the CLI summary and the dashboard hear about a decision (tests/telemetry/DecisionEventsTest.cpp has
// the whole table). Nothing is logged for a decision that did not happen:
//  - a last-resort try (every target left short-circuited) is not a retry: no retry_scheduled; the attempt it
//    starts says "last_resort" in its attempt_started event;
//  - a hedge that lost its race to an attempt still running is not a fallback: no event;
//  - a refused retry is one budget_denied event, followed by the fallback or the end it led to;
//  - success, cancel and the other failures are in request_finished.
std::vector<EventKind> events_for(const Decision& decision);

}  // namespace stormproof
