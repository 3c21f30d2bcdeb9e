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
        error = "The keyring did not answer within 5 s (it may be waiting for an unlock prompt)";
        return false;
    }
    if (job.error() != QKeychain::NoError) {
        error = QtKeychainBackend::describe_error(job.error(), job.errorString().toStdString(),
                                                  qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
        return false;
    }
    return true;
}
}  // namespace

std::string QtKeychainBackend::describe_error(int code, const std::string& detail, bool has_session_bus) {
    // QtKeychain's text is often only "Unknown error": said alone it tells a person nothing.
    const bool vague = detail.empty() || detail == "Unknown error";
    switch (code) {
        case QKeychain::NoBackendAvailable:
            return "No Secret Service is running (install or unlock gnome-keyring or KWallet)";
        case QKeychain::AccessDeniedByUser:
            return "The keyring asked for permission and it was refused";
        case QKeychain::AccessDenied:
            return "The keyring refused access (is it locked?)" + (vague ? std::string() : ": " + detail);
        case QKeychain::NotImplemented:
            return "This platform has no keyring Stormproof can use";
        default:
            break;
    }
    if (!has_session_bus)
        return "No D-Bus session bus (no desktop session), so no keyring can answer";
    if (vague)
        return "No Secret Service answered on the session bus (install or unlock gnome-keyring or KWallet)";
    return "The keyring failed: " + detail;
}

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
            why_not_ = error.empty()
                           ? "No Secret Service answered (install or unlock gnome-keyring or KWallet)"
                           : error;
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
