#include "AppIcon.h"

#include <QPainter>
#include <QPixmap>
#include <QPolygonF>

namespace stormproof {

QIcon app_icon() {
    QPixmap pixmap(128, 128);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(0x2f, 0x6f, 0xd6));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(8, 8, 112, 112, 24, 24);
    p.setBrush(Qt::white);
    p.drawEllipse(QRectF(28, 40, 36, 30));
    p.drawEllipse(QRectF(48, 30, 44, 40));
    p.drawRect(QRectF(36, 55, 52, 15));
    QPolygonF bolt;
    bolt << QPointF(66, 72) << QPointF(52, 96) << QPointF(63, 96) << QPointF(56, 114) << QPointF(80, 86)
         << QPointF(68, 86) << QPointF(76, 72);
    p.setBrush(QColor(0xff, 0xc8, 0x2e));
    p.drawPolygon(bolt);
    return QIcon(pixmap);
}

}  // namespace stormproof
