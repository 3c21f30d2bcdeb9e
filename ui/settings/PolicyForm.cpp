#include "PolicyForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <limits>

namespace stormproof {

namespace {
const QString kErrorStyle = QStringLiteral("border: 1px solid #c62828; background: #fdecea;");
}

PolicyForm::PolicyForm(nlohmann::json& doc, QFormLayout* layout, QObject* parent)
    : QObject(parent), doc_(doc), layout_(layout) {}

nlohmann::json::json_pointer PolicyForm::pointer(const QString& path) {
    QString p = path;
    p.replace(QRegularExpression(QStringLiteral("\\[(\\d+)\\]")), QStringLiteral(".\\1"));
    std::string out;
    for (const QString& part : p.split(QLatin1Char('.'), Qt::SkipEmptyParts))
        out += "/" + part.toStdString();
    return nlohmann::json::json_pointer(out);
}

nlohmann::json PolicyForm::value(const QString& path) const {
    const auto ptr = pointer(path);
    return doc_.contains(ptr) ? doc_.at(ptr) : nlohmann::json();
}

void PolicyForm::set(const QString& path, nlohmann::json v) {
    if (loading_)
        return;
    const auto ptr = pointer(path);
    if (v.is_string() && v.get<std::string>().empty()) {
        // An emptied text field means "the default": the key goes, as if never written in the file.
        if (doc_.contains(ptr))
            doc_[ptr.parent_pointer()].erase(ptr.back());
        emit edited();
        return;
    }
    doc_[ptr] = std::move(v);
    emit edited();
}

void PolicyForm::bind(const QString& path, QWidget* widget, const QString& label, const QString& tip) {
    widget->setObjectName(path);  // tests and error marks find fields by their policy path
    widget->setToolTip(tip);
    bindings_[path] = {widget, tip};
    if (layout_)
        layout_->addRow(label, widget);
}

QSpinBox* PolicyForm::integer(const QString& path, const QString& label, int lo, int hi,
                              const QString& suffix, const QString& tip) {
    auto* w = new QSpinBox;
    w->setRange(lo, hi);
    w->setSuffix(suffix);
    w->setGroupSeparatorShown(true);
    w->setKeyboardTracking(true);
    bind(path, w, label, tip);
    connect(w, &QSpinBox::valueChanged, this, [this, path](int v) { set(path, v); });
    return w;
}

QDoubleSpinBox* PolicyForm::number(const QString& path, const QString& label, double lo, double hi,
                                   int decimals, const QString& suffix, const QString& tip) {
    auto* w = new QDoubleSpinBox;
    w->setRange(lo, hi);
    w->setDecimals(decimals);
    w->setSuffix(suffix);
    bind(path, w, label, tip);
    connect(w, &QDoubleSpinBox::valueChanged, this, [this, path](double v) { set(path, v); });
    return w;
}

QCheckBox* PolicyForm::boolean(const QString& path, const QString& label, const QString& tip) {
    auto* w = new QCheckBox(label);
    bind(path, w, QString(), tip);
    connect(w, &QCheckBox::toggled, this, [this, path](bool v) { set(path, v); });
    return w;
}

QComboBox* PolicyForm::choice(const QString& path, const QString& label, const QStringList& choices,
                              const QString& tip) {
    auto* w = new QComboBox;
    w->addItems(choices);
    bind(path, w, label, tip);
    connect(w, &QComboBox::currentTextChanged, this,
            [this, path](const QString& v) { set(path, v.toStdString()); });
    return w;
}

QLineEdit* PolicyForm::text(const QString& path, const QString& label, const QString& tip) {
    auto* w = new QLineEdit;
    bind(path, w, label, tip);
    connect(w, &QLineEdit::textEdited, this, [this, path](const QString& v) { set(path, v.toStdString()); });
    return w;
}

void PolicyForm::reload() {
    loading_ = true;
    for (auto& [path, b] : bindings_) {
        const nlohmann::json v = value(path);
        if (auto* s = qobject_cast<QSpinBox*>(b.widget)) {
            s->setValue(v.is_number() ? v.get<int>() : 0);
        } else if (auto* d = qobject_cast<QDoubleSpinBox*>(b.widget)) {
            d->setValue(v.is_number() ? v.get<double>() : 0.0);
        } else if (auto* c = qobject_cast<QCheckBox*>(b.widget)) {
            c->setChecked(v.is_boolean() && v.get<bool>());
        } else if (auto* box = qobject_cast<QComboBox*>(b.widget)) {
            box->setCurrentText(v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
        } else if (auto* line = qobject_cast<QLineEdit*>(b.widget)) {
            line->setText(v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
        }
    }
    loading_ = false;
}

int PolicyForm::mark_errors(const std::vector<ConfigError>& errors) {
    int mine = 0;
    for (auto& [path, b] : bindings_) {
        QStringList messages;
        for (const ConfigError& e : errors) {
            if (QString::fromStdString(e.path) == path)
                messages << QString::fromStdString(e.message);
        }
        mine += static_cast<int>(messages.size());
        b.widget->setStyleSheet(messages.isEmpty() ? QString() : kErrorStyle);
        b.widget->setToolTip(messages.isEmpty() ? b.tip : messages.join(QLatin1Char('\n')));
    }
    return mine;
}

QWidget* PolicyForm::widget_for(const QString& path) const {
    const auto it = bindings_.find(path);
    return it == bindings_.end() ? nullptr : it->second.widget;
}

}  // namespace stormproof
