#include "StreamingPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

StreamingPage::StreamingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("streaming"), tr("Streaming"), doc, app, parent) {
    add_form(
        tr("fail: keep the partial text on screen, marked, with the error -- nothing is paid for twice.\n"
           "restart: discard it and ask again from the start (the whole reply is paid again).\n"
           "continue: send the partial text as the start of the answer and let the next attempt go on."));
    for (const char* path : {"stream.after_first_token"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
