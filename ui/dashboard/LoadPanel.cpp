#include "LoadPanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>

#include "llm/LoadRunner.h"

namespace stormproof {

namespace {
// How many requests a burst may send, and how many at once: the LoadRunner's own limits for the CLI's
// load command are wider; a person clicking in the GUI is served by these.
constexpr int kMaxRequests = 100000;
constexpr int kDefaultRequests = 200;
constexpr int kMaxConcurrency = 256;
constexpr int kDefaultConcurrency = 16;
}  // namespace

LoadPanel::LoadPanel(ResilientClient& client, const ClientContext& context, QWidget* parent)
    : QWidget(parent), client_(client), context_(context) {
    setObjectName(QStringLiteral("loadPanel"));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Load:"), this), 0, 0);
    requests_ = new QSpinBox(this);
    requests_->setRange(1, kMaxRequests);
    requests_->setValue(kDefaultRequests);
    requests_->setSuffix(tr(" requests"));
    concurrency_ = new QSpinBox(this);
    concurrency_->setRange(1, kMaxConcurrency);
    concurrency_->setValue(kDefaultConcurrency);
    concurrency_->setPrefix(tr("concurrency "));
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName(QStringLiteral("loadStart"));
    connect(start_, &QPushButton::clicked, this, &LoadPanel::start_or_cancel);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("loadProgress"));
    result_ = new QLabel(this);
    result_->setObjectName(QStringLiteral("loadResult"));
    result_->setWordWrap(true);
    layout->addWidget(requests_, 0, 1);
    layout->addWidget(concurrency_, 0, 2);
    layout->addWidget(start_, 0, 3);
    layout->addWidget(progress_, 0, 4);
    layout->setColumnStretch(4, 1);
    layout->addWidget(result_, 1, 0, 1, 5);
}

LoadPanel::~LoadPanel() {
    if (load_)
        load_->cancel();
}

QString LoadPanel::result_text() const {
    return result_->text();
}

void LoadPanel::start_or_cancel() {
    if (load_) {
        load_->cancel();
        return;
    }
    load_ = new LoadRunner(client_, context_, requests_->value(), concurrency_->value(), true, this);
    progress_->setRange(0, requests_->value());
    progress_->setValue(0);
    start_->setText(tr("Cancel"));
    connect(load_, &LoadRunner::progress, progress_, [this](int done, int) { progress_->setValue(done); });
    connect(load_, &LoadRunner::finished, this, [this](const LoadSummary& s) {
        result_->setText(
            tr("%1 requests: %2 ok, %3 failed, %4 attempts (%5 retries, %6 fallbacks), p50 %7 ms, p95 %8 ms")
                .arg(s.requests)
                .arg(s.succeeded)
                .arg(s.failed)
                .arg(s.attempts)
                .arg(s.retries)
                .arg(s.fallbacks)
                .arg(s.p50_ms)
                .arg(s.p95_ms));
        start_->setText(tr("Start"));
        load_->deleteLater();
        load_ = nullptr;
    });
    load_->start();
}

}  // namespace stormproof
