#include "ProfileFile.h"

#include <QFile>
#include <QSaveFile>

#include "JsonReader.h"

namespace stormproof {

std::string ProfileFile::write_atomically(const std::string& path, std::string_view text) {
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        return "cannot write " + path + ": " + file.errorString().toStdString();
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        const std::string error = file.errorString().toStdString();
        file.cancelWriting();
        return "cannot write " + path + ": " + error;
    }
    if (!file.commit())
        return "cannot replace " + path + ": " + file.errorString().toStdString();
    return {};
}

ProfileFile::Loaded ProfileFile::load(
    const std::function<std::vector<ConfigError>(std::string_view)>& validate) const {
    Loaded out;
    if (QFile::exists(QString::fromStdString(last_good_path())))
        out.last_good = last_good_path();
    if (!QFile::exists(QString::fromStdString(path_)))
        return out;
    out.exists = true;
    std::vector<ConfigError> errors;
    if (!JsonReader::read_file(path_, out.text, errors)) {
        out.problem = join_errors(errors, path_);
        return out;
    }
    errors = validate(out.text);
    if (!errors.empty()) {
        out.problem = join_errors(errors, path_);
        return out;
    }
    out.ok = true;
    // Remember this version; an unchanged copy is not rewritten.
    QFile previous(QString::fromStdString(last_good_path()));
    if (!previous.open(QIODevice::ReadOnly) || previous.readAll().toStdString() != out.text)
        write_atomically(last_good_path(), out.text);
    out.last_good = last_good_path();
    return out;
}

std::string ProfileFile::save(std::string_view text) const {
    std::string error = write_atomically(path_, text);
    if (error.empty())
        write_atomically(last_good_path(), text);  // best effort: the file itself is what counts
    return error;
}

}  // namespace stormproof
