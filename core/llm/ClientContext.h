#pragma once

namespace stormproof {

class Clock;
class EventBus;
class RandomSource;
class Scheduler;
class SecretStore;

// What a client, and whatever works beside it (the load runner, the dashboard, the gateway), is given from
// outside: time, chance, the event bus and where keys come from. The app (gui_main, the CLI, a test) makes
// one and passes it to each; nothing reaches for these through the client.
struct ClientContext {
    Clock& clock;
    Scheduler& scheduler;
    RandomSource& random;
    EventBus& bus;
    const SecretStore& secrets;
};

}  // namespace stormproof
