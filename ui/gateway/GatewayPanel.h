#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <string>

#include "llm/ClientContext.h"
#include "telemetry/EventBus.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace stormproof {

class GatewayServer;
class MetricsEndpoint;
class MetricsRegistry;
class ResilientClient;

// The Gateway panel: starts and stops a stormproof-gateway inside the app, on the app's own ResilientClient,
// so any application's calls go through this window's policy and show on its dashboard and event log like
// chat traffic (each labelled with the caller's User-Agent). It shows the URL and a token made afresh at
// every start (with copy buttons) and copyable examples for the OpenAI and Anthropic SDKs in Python and Node.
// Always on 127.0.0.1, always with a token.
class GatewayPanel final : public QWidget {
    Q_OBJECT

public:
    // The port the panel offers first: stormproof-gateway's own default.
    static constexpr int kDefaultPort = 8787;
    // The metrics port offered first: 9464, the OpenTelemetry Prometheus exporter's default (registered in
    // Prometheus's default port allocations wiki page), beside the gateway's 8787.
    static constexpr int kDefaultMetricsPort = 9464;

    // context: the app's (its scheduler runs the gateway's connection timers, its bus gets the events).
    GatewayPanel(ResilientClient& client, const ClientContext& context, QWidget* parent = nullptr);
    ~GatewayPanel() override;

    // Starts listening on 127.0.0.1 at the port in the panel (0: any free one) with a new token. False when
    // it could not (the reason is shown in the panel and returned by last_error()).
    bool start();
    // Starts with this token instead of a new one (the GUI's --gateway-token-env, like stormproof-gateway's
    // --token-env): an application started beside the window knows it beforehand.
    bool start_with_token(const QString& token);
    void stop();
    bool running() const;
    QString url() const;    // "http://127.0.0.1:PORT" while running, else empty
    QString token() const;  // the token of the current (or last) start
    QString last_error() const { return last_error_; }
    void set_port(int port);

    // A token for one start: 32 bytes from the operating system's secure random source, base64url.
    static QString new_token();

    // Gateway requests answered since the last start, and the applications they came from (their User-Agent),
    // as the app's event bus reported them.
    int served() const { return served_; }
    QStringList callers() const { return callers_; }

    // Prometheus metrics (docs/METRICS.md), counted from the panel's creation: the panel's gateway serves
    // them at /metrics, and the "Serve Prometheus metrics" setting serves them without it, on
    // 127.0.0.1:metrics port. False when the endpoint could not listen (the reason in last_error()).
    bool serve_metrics(bool on);
    void set_metrics_port(int port);
    QString metrics_url() const;  // "http://127.0.0.1:PORT/metrics" while served, else empty

signals:
    void running_changed(bool running);

private:
    void refresh();
    void fill_snippets();
    std::string metrics_text();

    ResilientClient& client_;
    ClientContext context_;
    std::unique_ptr<GatewayServer> server_;
    QString token_;
    QString last_error_;
    EventBus::Subscription subscription_;
    int served_ = 0;
    QStringList callers_;
    QSpinBox* port_ = nullptr;
    QPushButton* start_stop_ = nullptr;
    QLabel* status_ = nullptr;
    QLineEdit* url_ = nullptr;
    QLineEdit* token_edit_ = nullptr;
    QTabWidget* snippets_ = nullptr;
    QTimer* refresh_timer_ = nullptr;
    std::unique_ptr<MetricsRegistry> metrics_;
    std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
    QCheckBox* metrics_check_ = nullptr;
    QSpinBox* metrics_port_ = nullptr;
    QLabel* metrics_status_ = nullptr;
};

}  // namespace stormproof
