#include "DecisionEvents.h"

namespace stormproof {

std::vector<EventKind> events_for(const Decision& d) {
    switch (d.kind) {
        case DecisionKind::Success:
        case DecisionKind::Cancelled:
            return {};
        case DecisionKind::Retry:
            if (d.reason == DecisionReason::AllBreakersOpen)
                return {};
            return {EventKind::RetryScheduled};
        case DecisionKind::NextKey:
            return {EventKind::NextKey};
        case DecisionKind::Fallback:
            if (d.reason == DecisionReason::OtherAttemptInFlight)
                return {};
            if (d.reason == DecisionReason::BudgetDenied)
                return {EventKind::BudgetDenied, EventKind::Fallback};
            return {EventKind::Fallback};
        case DecisionKind::Hedge:
            if (d.reason == DecisionReason::BudgetDenied)
                return {EventKind::BudgetDenied};
            return {EventKind::HedgeStarted};
        case DecisionKind::Fail:
            if (d.error_class == ErrorClass::DeadlineExhausted)
                return {EventKind::DeadlineExhausted};
            if (d.reason == DecisionReason::BudgetDenied)
                return {EventKind::BudgetDenied};
            return {};
    }
    return {};
}

}  // namespace stormproof
