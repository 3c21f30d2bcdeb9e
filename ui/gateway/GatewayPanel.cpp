#include "GatewayPanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <array>

#include "GatewaySnippets.h"
#include "gateway/GatewayServer.h"
#include "gateway/MetricsEndpoint.h"
#include "llm/ResilientClient.h"
#include "metrics/MetricsRegistry.h"
#include "telemetry/TelemetryEvent.h"

namespace stormproof {

namespace {

// How often the in-flight count is refreshed while the gateway runs: as often as the dashboard redraws.
constexpr int kRefreshMs = 200;
// Token length in bytes: 256 bits, as much as an API key carries.
constexpr int kTokenBytes = 32;

QPushButton* copy_button(const QString& text, QWidget* parent, std::function<QString()> what) {
    auto* button = new QPushButton(text, parent);
    QObject::connect(button, &QPushButton::clicked, parent,
                     [what = std::move(what)] { QApplication::clipboard()->setText(what()); });
    return button;
}

}  // namespace

QString GatewayPanel::new_token() {
    std::array<quint32, kTokenBytes / 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), static_cast<qsizetype>(words.size()));
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), kTokenBytes);
    return QStringLiteral("spgw_") + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding |
                                                                        QByteArray::OmitTrailingEquals));
}

GatewayPanel::GatewayPanel(ResilientClient& client, const ClientContext& context, QWidget* parent)
    : QWidget(parent), client_(client), context_(context) {
    setObjectName(QStringLiteral("gatewayPanel"));
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(
        tr("Point any application's OpenAI or Anthropic SDK at this address: its calls go through this "
           "window's "
           "policy (retries, fallbacks, breakers) and show on the dashboard and in the event log, labelled "
           "with "
           "the application's User-Agent. Listens on 127.0.0.1 only; every request must carry the token."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Port"), this));
    port_ = new QSpinBox(this);
    port_->setObjectName(QStringLiteral("gatewayPort"));
    port_->setRange(0, 65535);
    port_->setValue(kDefaultPort);
    port_->setSpecialValueText(tr("any free port"));
    controls->addWidget(port_);
    start_stop_ = new QPushButton(tr("Start gateway"), this);
    start_stop_->setObjectName(QStringLiteral("gatewayStartStop"));
    connect(start_stop_, &QPushButton::clicked, this,
            [this] { running() ? stop() : static_cast<void>(start()); });
    controls->addWidget(start_stop_);
    controls->addStretch(1);
    layout->addLayout(controls);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("gatewayStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    auto* form = new QFormLayout;
    auto* url_row = new QHBoxLayout;
    url_ = new QLineEdit(this);
    url_->setObjectName(QStringLiteral("gatewayUrl"));
    url_->setReadOnly(true);
    url_->setPlaceholderText(tr("not running"));
    url_row->addWidget(url_, 1);
    url_row->addWidget(copy_button(tr("Copy"), this, [this] { return url(); }));
    form->addRow(tr("Base URL"), url_row);

    auto* token_row = new QHBoxLayout;
    token_edit_ = new QLineEdit(this);
    token_edit_->setObjectName(QStringLiteral("gatewayToken"));
    token_edit_->setReadOnly(true);
    token_edit_->setPlaceholderText(tr("made afresh at every start"));
    token_row->addWidget(token_edit_, 1);
    token_row->addWidget(copy_button(tr("Copy"), this, [this] { return token_; }));
    form->addRow(tr("Token"), token_row);
    layout->addLayout(form);

    snippets_ = new QTabWidget(this);
    snippets_->setObjectName(QStringLiteral("gatewaySnippets"));
    layout->addWidget(snippets_, 1);
    auto* copy_snippet = copy_button(tr("Copy this example"), this, [this] {
        const auto* view = qobject_cast<QPlainTextEdit*>(snippets_->currentWidget());
        return view ? view->toPlainText() : QString();
    });
    copy_snippet->setObjectName(QStringLiteral("gatewayCopySnippet"));
    layout->addWidget(copy_snippet, 0, Qt::AlignRight);

    // Prometheus metrics: counted from now on; served by the gateway at /metrics and, with this setting, on a
    // port of their own (a scraper then needs no gateway token).
    metrics_ = std::make_unique<MetricsRegistry>(context_.bus);
    metrics_->set_policy(client_.policy());
    auto* metrics_row = new QHBoxLayout;
    metrics_check_ = new QCheckBox(tr("Serve Prometheus metrics on 127.0.0.1, port"), this);
    metrics_check_->setObjectName(QStringLiteral("gatewayMetrics"));
    metrics_row->addWidget(metrics_check_);
    metrics_port_ = new QSpinBox(this);
    metrics_port_->setObjectName(QStringLiteral("gatewayMetricsPort"));
    metrics_port_->setRange(0, 65535);
    metrics_port_->setValue(kDefaultMetricsPort);
    metrics_port_->setSpecialValueText(tr("any free port"));
    metrics_row->addWidget(metrics_port_);
    metrics_status_ = new QLabel(this);
    metrics_status_->setObjectName(QStringLiteral("gatewayMetricsStatus"));
    metrics_status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    metrics_row->addWidget(metrics_status_, 1);
    layout->addLayout(metrics_row);
    connect(metrics_check_, &QCheckBox::toggled, this, [this](bool on) { serve_metrics(on); });

    // Gateway requests are the ones with a caller; the panel counts them and names their applications.
    subscription_ = context_.bus.subscription([this](const TelemetryEvent& e) {
        if (e.event != EventKind::RequestFinished || e.caller.empty() || !running())
            return;
        ++served_;
        const QString caller = QString::fromStdString(e.caller);
        if (!callers_.contains(caller))
            callers_.append(caller);
    });

    refresh_timer_ = new QTimer(this);
    refresh_timer_->setInterval(kRefreshMs);
    connect(refresh_timer_, &QTimer::timeout, this, &GatewayPanel::refresh);
    fill_snippets();
    refresh();
}

GatewayPanel::~GatewayPanel() {
    // Closes the server only: stop() also redraws the panel, whose child widgets are being destroyed here
    // (quitting with the gateway running crashed in fill_snippets).
    refresh_timer_->stop();
    if (server_)
        server_->close();
    server_.reset();
    metrics_endpoint_.reset();
}

bool GatewayPanel::running() const {
    return server_ && server_->listening();
}

QString GatewayPanel::url() const {
    return running() ? QString::fromStdString(server_->url()) : QString();
}

QString GatewayPanel::token() const {
    return token_;
}

void GatewayPanel::set_port(int port) {
    port_->setValue(port);
}

bool GatewayPanel::start() {
    return start_with_token(new_token());
}

bool GatewayPanel::start_with_token(const QString& token) {
    if (running())
        return true;
    token_ = token.isEmpty() ? new_token() : token;
    served_ = 0;
    callers_.clear();
    GatewayOptions options;
    options.host = "127.0.0.1";
    options.port = port_->value();
    options.token = token_.toStdString();
    server_ = std::make_unique<GatewayServer>(client_, context_, options);
    server_->set_metrics([this] { return metrics_text(); });
    const Status listening = server_->listen();
    if (!listening) {
        last_error_ =
            tr("Could not start the gateway: %1").arg(QString::fromStdString(listening.error().to_string()));
        server_.reset();
    } else {
        last_error_.clear();
        refresh_timer_->start();
    }
    fill_snippets();
    refresh();
    emit running_changed(running());
    return running();
}

void GatewayPanel::stop() {
    if (!server_)
        return;
    server_->close();
    server_.reset();
    refresh_timer_->stop();
    fill_snippets();
    refresh();
    emit running_changed(false);
}

bool GatewayPanel::serve_metrics(bool on) {
    metrics_endpoint_.reset();
    metrics_status_->clear();
    if (on) {
        auto endpoint =
            std::make_unique<MetricsEndpoint>(context_.scheduler, [this] { return metrics_text(); });
        if (const Status listening = endpoint->listen("127.0.0.1", metrics_port_->value()); !listening) {
            last_error_ =
                tr("Could not serve metrics: %1").arg(QString::fromStdString(listening.error().to_string()));
            metrics_status_->setText(last_error_);
        } else {
            metrics_endpoint_ = std::move(endpoint);
            metrics_status_->setText(metrics_url());
        }
    }
    const QSignalBlocker quiet(metrics_check_);
    metrics_check_->setChecked(metrics_endpoint_ != nullptr);
    metrics_port_->setEnabled(metrics_endpoint_ == nullptr);
    return on == (metrics_endpoint_ != nullptr);
}

std::string GatewayPanel::metrics_text() {
    // The policy in force now: the providers of targets added since, and whether a shared state is set.
    const Policy& policy = client_.policy();
    metrics_->set_policy(policy);
    metrics_->set_shared_state_configured(policy.resilience.shared_state.enabled());
    return metrics_->exposition();
}

void GatewayPanel::set_metrics_port(int port) {
    metrics_port_->setValue(port);
}

QString GatewayPanel::metrics_url() const {
    return metrics_endpoint_ ? QString::fromStdString(metrics_endpoint_->url()) : QString();
}

void GatewayPanel::refresh() {
    const bool on = running();
    start_stop_->setText(on ? tr("Stop gateway") : tr("Start gateway"));
    port_->setEnabled(!on);
    url_->setText(on ? url() : QString());
    token_edit_->setText(on ? token_ : QString());
    if (on) {
        const int busy = server_->in_flight();
        QString text = tr("Listening on %1 — %2 in flight, %3 answered")
                           .arg(url(), busy == 1 ? tr("1 request") : tr("%1 requests").arg(busy))
                           .arg(served_);
        if (!callers_.isEmpty())
            text += tr(" (from %1)").arg(callers_.join(QStringLiteral(", ")));
        status_->setText(text);
    } else if (!last_error_.isEmpty()) {
        status_->setText(last_error_);
    } else {
        status_->setText(tr("Stopped."));
    }
}

void GatewayPanel::fill_snippets() {
    const int current = snippets_->currentIndex();
    while (snippets_->count() > 0) {
        QWidget* page = snippets_->widget(0);
        snippets_->removeTab(0);
        page->deleteLater();
    }
    const QString shown_url = running() ? url() : QStringLiteral("http://127.0.0.1:%1").arg(port_->value());
    const QString shown_token = running() ? token_ : tr("TOKEN-SHOWN-AFTER-START");
    for (const GatewaySnippet& s : gateway_snippets(shown_url, shown_token)) {
        auto* view = new QPlainTextEdit(s.code, snippets_);
        view->setReadOnly(true);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        snippets_->addTab(view, s.title);
    }
    if (current >= 0)
        snippets_->setCurrentIndex(current);
}

}  // namespace stormproof
