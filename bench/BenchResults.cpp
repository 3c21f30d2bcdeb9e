#include "BenchResults.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace stormproof::bench {

namespace {
std::string machine_description() {
    utsname u{};
    uname(&u);
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);) {
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    }
    std::ostringstream out;
    out << u.sysname << " " << u.release << " " << u.machine << ", " << std::thread::hardware_concurrency()
        << " cores" << (cpu.empty() ? "" : ", " + cpu);
    return out.str();
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buffer;
}
}  // namespace

void merge_results(const std::string& name, const nlohmann::json& figures, const std::string& command) {
    const std::string dir = std::string(STORMPROOF_SOURCE_DIR) + "/bench/results/";
    nlohmann::json all = nlohmann::json::object();
    {
        std::ifstream in(dir + name + ".json");
        if (in)
            all = nlohmann::json::parse(in, nullptr, false);
        if (!all.is_object())
            all = nlohmann::json::object();
    }
    for (const auto& [key, value] : figures.items())
        all[key] = value;
    std::ofstream(dir + name + ".json") << all.dump(2) << "\n";

    std::ofstream md(dir + name + ".md");
    md << "# Benchmark results: " << name << "\n\n"
       << "- machine: " << machine_description() << "\n"
       << "- date: " << utc_now() << "\n"
       << "- command: `" << command << "`\n\n"
       << "| figure | value |\n|---|---|\n";
    for (const auto& [key, value] : all.items())
        md << "| `" << key << "` | " << value.dump() << " |\n";
}

}  // namespace stormproof::bench
