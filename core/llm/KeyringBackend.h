#pragma once

#include <functional>
#include <optional>
#include <string>

#include "resilience/Result.h"

namespace stormproof {

// A place that keeps secrets for us across sessions (the desktop keyring). An interface so the no-keyring
// path -- every headless box -- is tested by injection rather than by hoping a test machine has no D-Bus.
//
// Reads are asynchronous: a keyring may sit behind an unlock prompt for as long as the person takes, and a
// read happens when a policy is applied, while the window is live. Writes and removals stay synchronous
// (bounded): they answer a click in the settings dialog, which waits for the answer it shows.
class KeyringBackend {
public:
    // The secret, nullopt when the keyring has no entry under that label, or an Error when the keyring
    // could not be read (locked, refused, no keyring at all).
    using ReadResult = Result<std::optional<std::string>>;
    using ReadDone = std::function<void(ReadResult)>;

    virtual ~KeyringBackend() = default;
    // Whether a keyring answers at all; the Error says why not, for a person.
    virtual Status available() = 0;
    // Starts reading label; `done` runs exactly once, never before read() returns (KJob's contract).
    virtual void read(const std::string& label, ReadDone done) = 0;
    virtual Status write(const std::string& label, const std::string& secret) = 0;
    // Removing an entry that is not there succeeds.
    virtual Status remove(const std::string& label) = 0;
};

}  // namespace stormproof
