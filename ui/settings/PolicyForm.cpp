#include "PolicyForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpression>

#include "FieldSpinBox.h"
#include "config/PolicyFields.h"

namespace stormproof {

namespace {
const QString kErrorStyle = QStringLiteral("border: 1px solid #c62828; background: #fdecea; color: #1a1a1a;");

QString words(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
}  // namespace

QString PolicyForm::field_words(std::string_view text) {
    if (text.empty())
        return {};
    // core/config/PolicyFields marks its labels, help and unit suffixes in the context "PolicyFields".
    return QCoreApplication::translate("PolicyFields", std::string(text).c_str());
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

QWidget* PolicyForm::field(const QString& path) {
    const PolicyField* f = PolicyFields::find(path.toStdString());
    Q_ASSERT_X(f, "PolicyForm::field", "every field is in core/config/PolicyFields");
    if (!f)
        return nullptr;
    const QString label = field_words(f->label);
    const QString tip = field_words(f->help);
    switch (f->type) {
        case FieldType::Integer: {
            auto* w = new FieldSpinBox(static_cast<int>(f->min), static_cast<int>(f->max));
            w->setSuffix(field_words(unit_suffix(f->unit)));
            w->setGroupSeparatorShown(true);
            bind(path, w, label, tip);
            // A new value means the text is a number again (the spin box rewrites its text with signals
            // blocked).
            connect(w, &QSpinBox::valueChanged, this, [this, path](int v) {
                not_a_number_[path] = false;
                set(path, v);
            });
            connect(w->editor(), &QLineEdit::textChanged, this, [this, path, w] {
                const bool bad = !w->hasAcceptableInput();
                if (bad != not_a_number_[path]) {
                    not_a_number_[path] = bad;
                    emit edited();
                }
            });
            return w;
        }
        case FieldType::Number: {
            auto* w = new FieldDoubleSpinBox(f->min, f->max, f->decimals);
            w->setSuffix(field_words(unit_suffix(f->unit)));
            bind(path, w, label, tip);
            connect(w, &QDoubleSpinBox::valueChanged, this, [this, path](double v) {
                not_a_number_[path] = false;
                set(path, v);
            });
            connect(w->editor(), &QLineEdit::textChanged, this, [this, path, w] {
                const bool bad = !w->hasAcceptableInput();
                if (bad != not_a_number_[path]) {
                    not_a_number_[path] = bad;
                    emit edited();
                }
            });
            return w;
        }
        case FieldType::Boolean: {
            auto* w = new QCheckBox(layout_ ? label : QString());
            bind(path, w, QString(), tip);
            connect(w, &QCheckBox::toggled, this, [this, path](bool v) { set(path, v); });
            return w;
        }
        case FieldType::Choice: {
            std::vector<std::pair<QString, QString>> items;
            for (std::string_view c : f->choices)
                items.emplace_back(words(c), QString());
            auto* w = choice(path, items);
            return w;
        }
        case FieldType::Text:
        case FieldType::Special: {
            auto* w = new QLineEdit;
            bind(path, w, label, tip);
            connect(w, &QLineEdit::textEdited, this,
                    [this, path](const QString& v) { set(path, v.toStdString()); });
            return w;
        }
    }
    return nullptr;
}

QComboBox* PolicyForm::choice(const QString& path, const std::vector<std::pair<QString, QString>>& items) {
    const PolicyField* f = PolicyFields::find(path.toStdString());
    auto* w = new QComboBox;
    for (const auto& [value, description] : items) {
        w->addItem(value.isEmpty() ? tr("(default)") : value, value);
        if (!description.isEmpty())
            w->setItemData(w->count() - 1, description, Qt::ToolTipRole);
    }
    bind(path, w, f ? field_words(f->label) : path, f ? field_words(f->help) : QString());
    connect(w, &QComboBox::currentIndexChanged, this, [this, path, w](int i) {
        if (i >= 0)
            set(path, w->itemData(i).toString().toStdString());
    });
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
            const QString text = v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString();
            int i = box->findData(text);
            if (i < 0) {
                // A value the list does not offer (a scenario from another profile): shown as it is.
                box->addItem(text, text);
                i = box->count() - 1;
            }
            box->setCurrentIndex(i);
        } else if (auto* line = qobject_cast<QLineEdit*>(b.widget)) {
            line->setText(v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
        }
    }
    not_a_number_.clear();
    loading_ = false;
}

std::vector<ConfigError> PolicyForm::entry_errors() const {
    std::vector<ConfigError> out;
    for (const auto& [path, bad] : not_a_number_) {
        if (bad)
            out.push_back(
                {path.toStdString(), "must be a number (the field is empty or not a number)", 0, 0});
    }
    return out;
}

int PolicyForm::mark_errors(const std::vector<ConfigError>& errors) {
    int mine = 0;
    for (auto& [path, b] : bindings_) {
        QStringList messages;
        for (const ConfigError& e : errors) {
            if (QString::fromStdString(e.path) == path)
                messages << QString::fromStdString(PolicyFields::message_in_form_words(e.message));
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
