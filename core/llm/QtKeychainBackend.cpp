#include "QtKeychainBackend.h"

#include <qt6keychain/keychain.h>
#include <QEventLoop>
#include <QTimer>

namespace stormproof {

namespace {
// Runs a job to its end (or the timeout); true when it finished without error.
bool run(QKeychain::Job& job, std::string& error) {
    job.setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(QtKeychainBackend::kJobTimeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished) {
        error = "the keyring did not answer within 5 s";
        return false;
    }
    if (job.error() != QKeychain::NoError) {
        error = job.errorString().toStdString();
        return false;
    }
    return true;
}
}  // namespace

bool QtKeychainBackend::available(std::string& why_not) {
    if (!available_) {
        // Reading an entry that does not exist tells "a keyring answered" (EntryNotFound) from "no keyring"
        // (NoBackendAvailable, or no D-Bus session at all) without touching anything.
        QKeychain::ReadPasswordJob probe(service_);
        probe.setKey(QStringLiteral("stormproof-probe"));
        std::string error;
        const bool ran = run(probe, error);
        available_ = ran || probe.error() == QKeychain::EntryNotFound;
        if (!*available_)
            why_not_ = error.empty() ? "no keyring service answered" : error;
    }
    why_not = why_not_;
    return *available_;
}

std::optional<std::string> QtKeychainBackend::read(const std::string& label, std::string& error) {
    QKeychain::ReadPasswordJob job(service_);
    job.setKey(QString::fromStdString(label));
    if (!run(job, error)) {
        if (job.error() == QKeychain::EntryNotFound)
            error.clear();
        return std::nullopt;
    }
    return job.textData().toStdString();
}

bool QtKeychainBackend::write(const std::string& label, const std::string& secret, std::string& error) {
    QKeychain::WritePasswordJob job(service_);
    job.setKey(QString::fromStdString(label));
    job.setTextData(QString::fromStdString(secret));
    return run(job, error);
}

bool QtKeychainBackend::remove(const std::string& label, std::string& error) {
    QKeychain::DeletePasswordJob job(service_);
    job.setKey(QString::fromStdString(label));
    return run(job, error) || job.error() == QKeychain::EntryNotFound;
}

}  // namespace stormproof
