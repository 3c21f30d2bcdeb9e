// stormproof-cli validate FILE   (chat and load arrive with the resilient client)
#include <cstdio>
#include <string>

#include "config/PolicyLoader.h"

using namespace stormproof;

namespace {
constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;  // contracts.md: 2 = usage or configuration error

void usage() {
    std::fprintf(stderr,
                 "usage: stormproof-cli validate FILE\n"
                 "  validate  check a policy file; prints every problem with its JSON path\n");
}

int validate(const std::string& path) {
    const PolicyLoadResult result = PolicyLoader::from_file(path);
    if (!result.ok()) {
        std::fprintf(stderr, "%s\n", join_errors(result.errors, path).c_str());
        return kExitUsage;
    }
    std::printf("%s: ok (%zu target%s)\n", path.c_str(), result.policy->targets.size(),
                result.policy->targets.size() == 1 ? "" : "s");
    return kExitOk;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage();
        return kExitUsage;
    }
    const std::string command = argv[1];
    if (command == "validate" && argc == 3) {
        return validate(argv[2]);
    }
    if (command == "--help" || command == "-h") {
        usage();
        return kExitOk;
    }
    usage();
    return kExitUsage;
}
