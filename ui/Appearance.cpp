#include "Appearance.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyle>

namespace stormproof {

namespace {
QPalette dark_palette() {
    QPalette p = QApplication::style()->standardPalette();
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6),
        dim(0x9a, 0x9a, 0x9a), disabled(0x7a, 0x7a, 0x7a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x4a, 0x7f, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dim);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x44, 0x44, 0x44));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}
}  // namespace

void apply_appearance(const AppSettings& settings) {
    // The fonts and palette the application started with: scaling and "system" start from them each time.
    static const QFont base_font = QApplication::font();
    static const QPalette system_palette = QApplication::palette();
    QFont f = base_font;
    f.setPointSizeF(base_font.pointSizeF() * settings.font_scale_pct / 100.0);
    QApplication::setFont(f);
    switch (settings.theme) {
        case AppSettings::Theme::System:
            QApplication::setPalette(system_palette);
            break;
        case AppSettings::Theme::Light:
            QApplication::setPalette(QApplication::style()->standardPalette());
            break;
        case AppSettings::Theme::Dark:
            QApplication::setPalette(dark_palette());
            break;
    }
}

}  // namespace stormproof
