// stormproof-cli chat | load | compare | validate   (docs/INTERFACES.md "stormproof-cli"; README "Try it from
// the command line") A thin main: the options (cli/Options), then the subcommand (cli/ChatCommand,
// cli/LoadCommand, validate here).
#include <QCoreApplication>
#include <cstdio>

#include "cli/ChatCommand.h"
#include "cli/CompareCommand.h"
#include "cli/LoadCommand.h"
#include "cli/Options.h"
#include "config/PolicyLoader.h"

using namespace stormproof;
using namespace stormproof::cli;

namespace {

int validate(const Options& o) {
    const std::string& path = o.positional.front();
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
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("stormproof-cli"));
    const Options o = parse(argc, argv);
    if (o.command == "chat")
        return run_chat(o);
    if (o.command == "load")
        return run_load(o);
    if (o.command == "compare")
        return run_compare(o);
    return validate(o);
}
