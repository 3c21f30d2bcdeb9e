#pragma once

#include <QString>
#include <vector>

namespace stormproof {

// The copyable examples of the Gateway panel: how an application points the official OpenAI and Anthropic
// SDKs (Python and Node) at a running stormproof-gateway. Only the base URL and the key change; "default" as
// the model runs the policy's whole fallback chain. Pure text, no widgets.
struct GatewaySnippet {
    QString title;  // "OpenAI · Python"
    QString code;
};

// url: the gateway's "http://HOST:PORT" (no trailing slash); token: what the app sends as its key (empty when
// the gateway takes any).
std::vector<GatewaySnippet> gateway_snippets(const QString& url, const QString& token);

}  // namespace stormproof
