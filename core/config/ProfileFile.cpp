#include "ProfileFile.h"

#include <QFile>
#include <QSaveFile>

#include "JsonReader.h"

namespace stormproof {

Status ProfileFile::write_atomically(const std::string& path, std::string_view text) {
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        return make_error("cannot write: " + file.errorString().toStdString(), path);
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        const std::string error = file.errorString().toStdString();
        file.cancelWriting();
        return make_error("cannot write: " + error, path);
    }
    if (!file.commit())
        return make_error("cannot replace: " + file.errorString().toStdString(), path);
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
        (void)write_atomically(last_good_path(), out.text);  // best effort: the file itself is what counts
    out.last_good = last_good_path();
    return out;
}

Status ProfileFile::save(std::string_view text) const {
    Status saved = write_atomically(path_, text);
    if (saved)
        (void)write_atomically(last_good_path(), text);  // best effort: the file itself is what counts
    return saved;
}

}  // namespace stormproof
