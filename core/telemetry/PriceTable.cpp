#include "PriceTable.h"

#include <QFile>
#include <nlohmann/json.hpp>

#include "config/JsonReader.h"
#include "config/ProfileFile.h"
#include "resilience/Text.h"

namespace stormproof {

std::optional<PriceTable> PriceTable::parse(std::string_view text, std::vector<ConfigError>& errors) {
    const auto doc = JsonReader::parse(text, errors);
    if (!doc)
        return std::nullopt;
    JsonReader reader;
    PriceTable table;
    if (reader.expect_object(*doc, "", {"version", "currency", "note", "models"})) {
        reader.version(*doc, kVersion);
        std::string currency = "USD";
        if (reader.string(*doc, "", "currency", currency) && currency != "USD")
            reader.error("currency", "only USD is supported, got \"" + currency + "\"");
        reader.string(*doc, "", "note", table.note_);
        const nlohmann::json* models = JsonReader::find(*doc, "models");
        if (!models) {
            reader.error("models", "is required (a list of {match, input_per_mtok, output_per_mtok})");
        } else if (!models->is_array()) {
            reader.error("models", "must be a list, got " + JsonReader::describe(*models));
        } else {
            for (std::size_t i = 0; i < models->size(); ++i) {
                const std::string path = "models[" + std::to_string(i) + "]";
                const nlohmann::json& m = (*models)[i];
                if (!reader.expect_object(m, path, {"match", "input_per_mtok", "output_per_mtok", "note"}))
                    continue;
                Entry e;
                if (!reader.string(m, path, "match", e.match) || e.match.empty() || e.match == "*") {
                    reader.error(JsonReader::join_path(path, "match"),
                                 "must name a model or a prefix ending in *, e.g. \"gpt-4o*\"");
                }
                for (const char* key : {"input_per_mtok", "output_per_mtok"}) {
                    if (!JsonReader::find(m, key))
                        reader.error(JsonReader::join_path(path, key),
                                     "is required (USD per million tokens)");
                }
                reader.number(m, path, "input_per_mtok", e.price.input_usd_per_mtok, 0, kMaxUsdPerMtok);
                reader.number(m, path, "output_per_mtok", e.price.output_usd_per_mtok, 0, kMaxUsdPerMtok);
                reader.string(m, path, "note", e.note);
                for (const Entry& earlier : table.entries_) {
                    if (earlier.match == e.match && !e.match.empty())
                        reader.error(JsonReader::join_path(path, "match"),
                                     "\"" + e.match + "\" is listed twice");
                }
                table.entries_.push_back(std::move(e));
            }
        }
    }
    if (!reader.errors.empty()) {
        errors.insert(errors.end(), reader.errors.begin(), reader.errors.end());
        return std::nullopt;
    }
    return table;
}

std::optional<PriceTable> PriceTable::load_file(const std::string& path, std::vector<ConfigError>& errors) {
    std::string text;
    if (!JsonReader::read_file(path, text, errors))
        return std::nullopt;
    return parse(text, errors);
}

PriceTable PriceTable::builtin() {
    QFile file(QStringLiteral(":/prices.json"));
    std::vector<ConfigError> errors;
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = file.readAll();
        if (auto table =
                parse(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), errors))
            return *table;
    }
    return {};  // a broken built-in table fails its unit test; at run time the estimate just reads $0
}

const PriceTable::Entry* PriceTable::entry_of(std::string_view model) const {
    const Entry* best = nullptr;
    std::size_t best_len = 0;
    for (const Entry& e : entries_) {
        if (e.match == model)
            return &e;
        if (e.match.back() == '*') {
            const std::string_view prefix(e.match.data(), e.match.size() - 1);
            if (model.substr(0, prefix.size()) == prefix && prefix.size() >= best_len) {
                best = &e;
                best_len = prefix.size();
            }
        }
    }
    return best;
}

std::optional<PriceTable::Price> PriceTable::price_of(std::string_view model) const {
    const Entry* entry = entry_of(model);
    if (!entry)
        return std::nullopt;
    return entry->price;
}

double PriceTable::cost_usd(std::string_view model, std::int64_t input_tokens,
                            std::int64_t output_tokens) const {
    const auto price = price_of(model);
    if (!price)
        return 0;
    return (static_cast<double>(input_tokens) * price->input_usd_per_mtok +
            static_cast<double>(output_tokens) * price->output_usd_per_mtok) /
           1e6;
}

std::string PriceTable::to_json() const {
    nlohmann::ordered_json doc;
    doc["version"] = kVersion;
    doc["currency"] = "USD";
    if (!note_.empty())
        doc["note"] = note_;
    doc["models"] = nlohmann::ordered_json::array();
    for (const Entry& e : entries_) {
        nlohmann::ordered_json m;
        m["match"] = e.match;
        m["input_per_mtok"] = e.price.input_usd_per_mtok;
        m["output_per_mtok"] = e.price.output_usd_per_mtok;
        if (!e.note.empty())
            m["note"] = e.note;
        doc["models"].push_back(std::move(m));
    }
    return to_json_text(doc, 2) + "\n";
}

Status PriceTable::save(const std::string& path) const {
    return ProfileFile::write_atomically(path, to_json());
}

}  // namespace stormproof
