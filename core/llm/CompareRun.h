#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ChatCall.h"

namespace stormproof {

class ResilientClient;

// One column of a compare: which client (so which policy: a second client holds the second policy of "one
// target under two policies") and which of its targets -- that target alone, without its fallbacks.
struct CompareColumn {
    std::string label;
    ResilientClient* client = nullptr;
    std::string target;  // empty: the client's chain as it stands (its first target and its fallbacks)
};

// One prompt to 2-4 columns at once (issue 21 item 4). Each column is a ChatCall from its client's chat(),
// started at its target (ChatRequest::start_target, only_start_target); this run is each call's one owner.
// KJob's contract, as ChatCall's: start() never emits before returning; finished() comes exactly once, after
// every column's column_finished(); cancel() at any moment. Let it go from inside finished() with deleteLater
// (its calls are still emitting), anywhere else by deleting it, which cancels what still runs. The clients
// must outlive it.
class CompareRun final : public QObject {
    Q_OBJECT

public:
    CompareRun(std::vector<CompareColumn> columns, const ChatRequest& request, QObject* parent = nullptr);
    ~CompareRun() override;

    void start();
    void cancel();
    void retry_now();  // every column waiting before a retry retries at once

    int columns() const { return static_cast<int>(columns_.size()); }
    const CompareColumn& column(int index) const { return columns_[static_cast<std::size_t>(index)]; }
    const ChatCall& call(int index) const { return *calls_[static_cast<std::size_t>(index)]; }
    // A column's result once it has finished.
    const std::optional<ChatResult>& result(int index) const {
        return results_[static_cast<std::size_t>(index)];
    }
    bool is_finished() const { return finished_; }

signals:
    void delta(int column, const QString& text);
    void reasoning_delta(int column, const QString& text);
    void text_reset(int column);
    void waiting(int column, const stormproof::WaitInfo& info);
    void attempt_finished(int column, const stormproof::AttemptRecord& record);
    void column_finished(int column, const stormproof::ChatResult& result);
    void finished();

private:
    void on_column_finished(int column, const ChatResult& result);

    std::vector<CompareColumn> columns_;
    std::vector<std::unique_ptr<ChatCall>> calls_;
    std::vector<std::optional<ChatResult>> results_;
    int open_columns_ = 0;
    bool started_ = false;
    bool finished_ = false;
};

}  // namespace stormproof
