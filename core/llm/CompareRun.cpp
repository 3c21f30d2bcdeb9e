#include "CompareRun.h"

#include "ResilientClient.h"

namespace stormproof {

CompareRun::CompareRun(std::vector<CompareColumn> columns, const ChatRequest& request, QObject* parent)
    : QObject(parent), columns_(std::move(columns)) {
    for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
        const CompareColumn& c = columns_[static_cast<std::size_t>(i)];
        ChatRequest own = request;
        own.start_target = c.target;
        own.only_start_target = !c.target.empty();
        std::unique_ptr<ChatCall> call = c.client->chat(std::move(own));
        ChatCall* raw = call.get();
        connect(raw, &ChatCall::delta, this, [this, i](const QString& text) { emit delta(i, text); });
        connect(raw, &ChatCall::reasoning_delta, this,
                [this, i](const QString& text) { emit reasoning_delta(i, text); });
        connect(raw, &ChatCall::text_reset, this, [this, i] { emit text_reset(i); });
        connect(raw, &ChatCall::waiting, this, [this, i](const WaitInfo& w) { emit waiting(i, w); });
        connect(raw, &ChatCall::attempt_finished, this,
                [this, i](const AttemptRecord& r) { emit attempt_finished(i, r); });
        connect(raw, &ChatCall::finished, this, [this, i](const ChatResult& r) { on_column_finished(i, r); });
        calls_.push_back(std::move(call));
    }
    results_.resize(columns_.size());
    open_columns_ = static_cast<int>(columns_.size());
}

CompareRun::~CompareRun() {
    // Silent from here on: the calls are cancelled (and destroyed) without reaching a half-destroyed run.
    for (auto& call : calls_)
        call->disconnect(this);
    calls_.clear();
}

void CompareRun::start() {
    if (started_)
        return;
    started_ = true;
    for (auto& call : calls_)
        call->start();  // each defers its first signal: nothing is emitted before this returns
}

void CompareRun::cancel() {
    if (!started_)
        started_ = true;
    for (std::size_t i = 0; i < calls_.size(); ++i) {
        if (!finished_ && calls_[i])
            calls_[i]->cancel();  // finished() follows synchronously for a running call
    }
}

void CompareRun::retry_now() {
    for (auto& call : calls_)
        call->retry_now();
}

void CompareRun::on_column_finished(int column, const ChatResult& result) {
    results_[static_cast<std::size_t>(column)] = result;
    emit column_finished(column, result);
    if (--open_columns_ == 0 && !finished_) {
        finished_ = true;
        emit finished();
    }
}

}  // namespace stormproof
