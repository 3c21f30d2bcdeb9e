#include "GatewaySnippets.h"

#include <QCoreApplication>

namespace stormproof {

std::vector<GatewaySnippet> gateway_snippets(const QString& url, const QString& token) {
    // Without a token the gateway accepts any key, but the SDKs refuse to start without one.
    const QString key = token.isEmpty() ? QStringLiteral("any") : token;
    const QString openai_url = url + QStringLiteral("/v1");
    std::vector<GatewaySnippet> out;
    out.push_back({QStringLiteral("OpenAI · Python"),
                   QStringLiteral("from openai import OpenAI\n"
                                  "\n"
                                  "client = OpenAI(\n"
                                  "    base_url=\"%1\",\n"
                                  "    api_key=\"%2\",\n"
                                  ")\n"
                                  "reply = client.chat.completions.create(\n"
                                  "    model=\"default\",  # or a target's name from the policy\n"
                                  "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"
                                  ")\n"
                                  "print(reply.choices[0].message.content)\n")
                       .arg(openai_url, key)});
    out.push_back({QStringLiteral("OpenAI · Node"),
                   QStringLiteral("import OpenAI from 'openai';\n"
                                  "\n"
                                  "const client = new OpenAI({\n"
                                  "  baseURL: '%1',\n"
                                  "  apiKey: '%2',\n"
                                  "});\n"
                                  "const reply = await client.chat.completions.create({\n"
                                  "  model: 'default', // or a target's name from the policy\n"
                                  "  messages: [{ role: 'user', content: 'Hello' }],\n"
                                  "});\n"
                                  "console.log(reply.choices[0].message.content);\n")
                       .arg(openai_url, key)});
    out.push_back({QStringLiteral("Anthropic · Python"),
                   QStringLiteral("import anthropic\n"
                                  "\n"
                                  "client = anthropic.Anthropic(\n"
                                  "    base_url=\"%1\",\n"
                                  "    api_key=\"%2\",\n"
                                  ")\n"
                                  "message = client.messages.create(\n"
                                  "    model=\"default\",  # or a target's name from the policy\n"
                                  "    max_tokens=1024,\n"
                                  "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"
                                  ")\n"
                                  "print(message.content[0].text)\n")
                       .arg(url, key)});
    out.push_back({QStringLiteral("Anthropic · Node"),
                   QStringLiteral("import Anthropic from '@anthropic-ai/sdk';\n"
                                  "\n"
                                  "const client = new Anthropic({\n"
                                  "  baseURL: '%1',\n"
                                  "  apiKey: '%2',\n"
                                  "});\n"
                                  "const message = await client.messages.create({\n"
                                  "  model: 'default', // or a target's name from the policy\n"
                                  "  max_tokens: 1024,\n"
                                  "  messages: [{ role: 'user', content: 'Hello' }],\n"
                                  "});\n"
                                  "console.log(message.content[0].text);\n")
                       .arg(url, key)});
    out.push_back(
        {QCoreApplication::translate("GatewaySnippets", "Any app (environment)"),
         QStringLiteral("# The official SDKs read these; an app that uses them needs no change at all.\n"
                        "export OPENAI_BASE_URL=%1\n"
                        "export OPENAI_API_KEY=%2\n"
                        "export ANTHROPIC_BASE_URL=%3\n"
                        "export ANTHROPIC_API_KEY=%2\n")
             .arg(openai_url, key, url)});
    return out;
}

}  // namespace stormproof
