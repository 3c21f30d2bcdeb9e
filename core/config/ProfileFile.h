#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ConfigError.h"
#include "resilience/Result.h"

namespace stormproof {

// A settings file in the profile that a person may also edit by hand (policy.json, settings.json): written
// atomically (temporary file + rename), and kept beside a copy of the last version that loaded cleanly
// (NAME.last-good), so a hand-broken file costs nothing: the app says which file, line and problem, keeps
// both files as they are, and starts with defaults.
class ProfileFile {
public:
    struct Loaded {
        bool exists = false;
        bool ok = false;        // parsed and valid
        std::string text;       // what was read, when it was
        std::string problem;    // for a person: the file, then each error (with line and column when syntax)
        std::string last_good;  // path of the last good copy, when one exists
    };

    explicit ProfileFile(std::string path) : path_(std::move(path)) {}
    const std::string& path() const { return path_; }
    std::string last_good_path() const { return path_ + ".last-good"; }

    // Reads the file and runs validate on it; when it passes, refreshes the last-good copy.
    Loaded load(const std::function<std::vector<ConfigError>(std::string_view)>& validate) const;
    // Atomic write; then the last-good copy follows.
    Status save(std::string_view text) const;

    // Temporary file + rename (QSaveFile): a crash mid-write leaves the old file whole. The error's `where`
    // is the path.
    static Status write_atomically(const std::string& path, std::string_view text);

private:
    std::string path_;
};

}  // namespace stormproof
