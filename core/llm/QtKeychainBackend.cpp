#include "QtKeychainBackend.h"

#include <qt6keychain/keychain.h>
#include <QEventLoop>
#include <QTimer>
#include <memory>
#include <utility>

namespace stormproof {

namespace {
// What a finished job means, for a person; empty when it succeeded.
std::string job_error(const QKeychain::Job& job) {
    if (job.error() == QKeychain::NoError)
        return {};
    return QtKeychainBackend::describe_error(job.error(), job.errorString().toStdString(),
                                             qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
}

const char* const kNoAnswer =
    "The keyring did not answer within 5 s (it may be waiting for an unlock prompt)";

// Runs a job to its end (or the timeout) in a bounded local event loop: only for what answers a click in
// the settings dialog (write, remove, the availability probe), never on the request path.
Status run(QKeychain::Job& job) {
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
    if (!finished)
        return make_error(kNoAnswer);
    if (const std::string error = job_error(job); !error.empty())
        return make_error(error);
    return {};
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

Status QtKeychainBackend::available() {
    if (!available_) {
        // Reading an entry that does not exist tells "a keyring answered" (EntryNotFound) from "no keyring"
        // (NoBackendAvailable, or no D-Bus session at all) without touching anything.
        QKeychain::ReadPasswordJob probe(service_);
        probe.setKey(QStringLiteral("stormproof-probe"));
        const Status ran = run(probe);
        available_ = ran || probe.error() == QKeychain::EntryNotFound;
        if (!*available_)
            why_not_ = ran.error().message;
    }
    if (*available_)
        return {};
    return make_error(why_not_);
}

void QtKeychainBackend::read(const std::string& label, ReadDone done) {
    // Owned by Qt: deleted after it finishes. The callback runs once, from the job's answer or the
    // timeout, whichever comes first; a later answer is dropped.
    auto* job = new QKeychain::ReadPasswordJob(service_);
    job->setAutoDelete(true);
    job->setKey(QString::fromStdString(label));
    auto once = std::make_shared<ReadDone>(std::move(done));
    QObject::connect(job, &QKeychain::Job::finished, job, [once](QKeychain::Job* finished) {
        if (!*once)
            return;
        const auto answer = std::exchange(*once, nullptr);
        auto* read_job = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (read_job->error() == QKeychain::EntryNotFound)
            answer(std::optional<std::string>());
        else if (const std::string error = job_error(*read_job); !error.empty())
            answer(make_error(error));
        else
            answer(std::optional<std::string>(read_job->textData().toStdString()));
    });
    QTimer::singleShot(kJobTimeoutMs, job, [once] {
        if (*once)
            std::exchange(*once, nullptr)(make_error(kNoAnswer));
    });
    // Started from the event loop, so that `done` never runs before read() returns.
    QTimer::singleShot(0, job, [job] { job->start(); });
}

Status QtKeychainBackend::write(const std::string& label, const std::string& secret) {
    QKeychain::WritePasswordJob job(service_);
    job.setKey(QString::fromStdString(label));
    job.setTextData(QString::fromStdString(secret));
    return run(job);
}

Status QtKeychainBackend::remove(const std::string& label) {
    QKeychain::DeletePasswordJob job(service_);
    job.setKey(QString::fromStdString(label));
    if (const Status removed = run(job); !removed && job.error() != QKeychain::EntryNotFound)
        return removed;
    return {};
}

}  // namespace stormproof
