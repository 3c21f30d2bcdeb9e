#include "StreamingPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

StreamingPage::StreamingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Streaming"), doc, app, parent) {
    add_form(
        tr("fail: keep the partial text on screen, marked, with the error -- nothing is paid for twice.\n"
           "restart: discard it and ask again from the start (the whole reply is paid again).\n"
           "continue: send the partial text as the start of the answer and let the next attempt go on."));
    form_->choice(QStringLiteral("stream.after_first_token"), tr("When a stream fails after its first token"),
                  {QStringLiteral("fail"), QStringLiteral("restart"), QStringLiteral("continue")});
    reload();
}

}  // namespace stormproof
