<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ChatExport</name>
    <message>
        <source>JSON with event log (*.json)</source>
        <translation>JSON kèm nhật ký sự kiện (*.json)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
</context>
<context>
    <name>CompareText</name>
    <message>
        <source>%1 attempt</source>
        <translation>%1 lần thử</translation>
    </message>
    <message>
        <source>%1 attempts</source>
        <translation>%1 lần thử</translation>
    </message>
    <message>
        <source>%1 wait (%2)</source>
        <translation>%1 lần chờ (%2)</translation>
    </message>
    <message>
        <source>%1 waits (%2)</source>
        <translation>%1 lần chờ (%2)</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>không chờ</translation>
    </message>
    <message>
        <source>fallback</source>
        <translation>dự phòng</translation>
    </message>
    <message>
        <source>TTFT %1</source>
        <translation>TTFT %1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>tổng %1</translation>
    </message>
    <message>
        <source>in %1 · out %2 tokens</source>
        <translation>vào %1 · ra %2 token</translation>
    </message>
    <message>
        <source>Fastest: %1 (%2, %3 sooner)</source>
        <translation>Nhanh nhất: %1 (%2, sớm hơn %3)</translation>
    </message>
    <message>
        <source>Fastest: %1 (%2)</source>
        <translation>Nhanh nhất: %1 (%2)</translation>
    </message>
    <message>
        <source>%1 retry</source>
        <translation>%1 lần thử lại</translation>
    </message>
    <message>
        <source>%1 retries</source>
        <translation>%1 lần thử lại</translation>
    </message>
    <message>
        <source>, waited %1</source>
        <translation>, đã chờ %1</translation>
    </message>
    <message>
        <source>, fallback</source>
        <translation>, dự phòng</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>needed retries: %1</source>
        <translation>cần thử lại: %1</translation>
    </message>
    <message>
        <source>none needed a retry</source>
        <translation>không cột nào cần thử lại</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>thất bại: %1</translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>đã dừng: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>Connected: %1 models (%2%3)</source>
        <translation>Đã kết nối: %1 mô hình (%2%3)</translation>
    </message>
</context>
<context>
    <name>CostWords</name>
    <message>
        <source>Cost of resilience (last %1 s): %2 of %3 attempts were retries, %4 failed, %5 fallbacks; %6 s spent waiting. Tokens: %7 delivered, %8 wasted on failed or duplicate attempts. Estimated cost %9, of which %10 wasted</source>
        <translation>Chi phí của khả năng chịu lỗi (%1 giây qua): %2 trên %3 lần thử là thử lại, %4 lần thất bại, %5 lần dự phòng; %6 giây chờ đợi. Token: %7 đã nhận, %8 lãng phí cho các lần thử thất bại hoặc trùng lặp. Chi phí ước tính %9, trong đó %10 bị lãng phí</translation>
    </message>
    <message>
        <source>%1 at $%2/$%3</source>
        <translation>%1 với giá $%2/$%3</translation>
    </message>
    <message>
        <source>; and %1 more</source>
        <translation>; và %1 mô hình khác</translation>
    </message>
    <message>
        <source> (an estimate at list prices per million tokens in/out: %1).</source>
        <translation> (ước tính theo giá niêm yết mỗi triệu token vào/ra: %1).</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> và %1 mô hình khác</translation>
    </message>
    <message>
        <source> Not in the price table (counted as $0): %1.</source>
        <translation> Không có trong bảng giá (tính là $0): %1.</translation>
    </message>
</context>
<context>
    <name>GatewaySnippets</name>
    <message>
        <source>Any app (environment)</source>
        <translation>Mọi ứng dụng (biến môi trường)</translation>
    </message>
</context>
<context>
    <name>Identifiers</name>
    <message>
        <source>rate_limited</source>
        <translation>giới hạn tốc độ</translation>
    </message>
    <message>
        <source>quota_exhausted</source>
        <translation>hết hạn mức</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>quá tải</translation>
    </message>
    <message>
        <source>server_error</source>
        <translation>lỗi máy chủ</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>hết thời gian chờ</translation>
    </message>
    <message>
        <source>network</source>
        <translation>lỗi mạng</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>lỗi xác thực</translation>
    </message>
    <message>
        <source>bad_request</source>
        <translation>yêu cầu sai</translation>
    </message>
    <message>
        <source>not_found</source>
        <translation>không tìm thấy</translation>
    </message>
    <message>
        <source>context_length</source>
        <translation>vượt độ dài ngữ cảnh</translation>
    </message>
    <message>
        <source>content_policy</source>
        <translation>vi phạm chính sách nội dung</translation>
    </message>
    <message>
        <source>malformed_response</source>
        <translation>phản hồi sai định dạng</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>deadline_exhausted</source>
        <translation>hết hạn chót</translation>
    </message>
    <message>
        <source>budget_exhausted</source>
        <translation>hết ngân sách</translation>
    </message>
    <message>
        <source>circuit_open</source>
        <translation>cầu dao mở</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>giãn cách</translation>
    </message>
    <message>
        <source>retry_after</source>
        <translation>Retry-After</translation>
    </message>
    <message>
        <source>retry_after_ms</source>
        <translation>retry-after-ms</translation>
    </message>
    <message>
        <source>rate_limit_reset</source>
        <translation>đặt lại giới hạn tốc độ</translation>
    </message>
    <message>
        <source>body_retry_delay</source>
        <translation>retryDelay trong thân</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>đóng</translation>
    </message>
    <message>
        <source>open</source>
        <translation>mở</translation>
    </message>
    <message>
        <source>half_open</source>
        <translation>nửa mở</translation>
    </message>
    <message>
        <source>forced_open</source>
        <translation>buộc mở</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>tắt</translation>
    </message>
    <message>
        <source>half-open</source>
        <translation>nửa mở</translation>
    </message>
    <message>
        <source>failure_rate_exceeded</source>
        <translation>vượt tỷ lệ lỗi</translation>
    </message>
    <message>
        <source>consecutive_failures</source>
        <translation>lỗi liên tiếp</translation>
    </message>
    <message>
        <source>slow_call_rate_exceeded</source>
        <translation>vượt tỷ lệ lệnh gọi chậm</translation>
    </message>
    <message>
        <source>open_duration_elapsed</source>
        <translation>hết thời gian mở</translation>
    </message>
    <message>
        <source>probes_succeeded</source>
        <translation>thăm dò thành công</translation>
    </message>
    <message>
        <source>probe_failed</source>
        <translation>thăm dò thất bại</translation>
    </message>
    <message>
        <source>probe_slow</source>
        <translation>thăm dò chậm</translation>
    </message>
    <message>
        <source>forced_closed</source>
        <translation>buộc đóng</translation>
    </message>
    <message>
        <source>released</source>
        <translation>trở lại tự động</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>đặt lại</translation>
    </message>
    <message>
        <source>shared_trip</source>
        <translation>ngắt từ tiến trình khác</translation>
    </message>
    <message>
        <source>success</source>
        <translation>thành công</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>thử lại</translation>
    </message>
    <message>
        <source>next_key</source>
        <translation>khóa kế tiếp</translation>
    </message>
    <message>
        <source>fallback</source>
        <translation>dự phòng</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>hedge</source>
        <translation>song song</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>thành công</translation>
    </message>
    <message>
        <source>retryable_error</source>
        <translation>lỗi thử lại được</translation>
    </message>
    <message>
        <source>server_requested_retry</source>
        <translation>máy chủ yêu cầu thử lại</translation>
    </message>
    <message>
        <source>server_forbade_retry</source>
        <translation>máy chủ cấm thử lại</translation>
    </message>
    <message>
        <source>not_retryable</source>
        <translation>không thử lại được</translation>
    </message>
    <message>
        <source>attempts_exhausted</source>
        <translation>hết lượt thử</translation>
    </message>
    <message>
        <source>key_rotation</source>
        <translation>đổi khóa</translation>
    </message>
    <message>
        <source>hint_above_cap</source>
        <translation>gợi ý vượt mức trần</translation>
    </message>
    <message>
        <source>breaker_open</source>
        <translation>cầu dao mở</translation>
    </message>
    <message>
        <source>all_breakers_open</source>
        <translation>mọi cầu dao đều mở</translation>
    </message>
    <message>
        <source>budget_denied</source>
        <translation>ngân sách từ chối</translation>
    </message>
    <message>
        <source>deadline_too_close</source>
        <translation>quá sát hạn chót</translation>
    </message>
    <message>
        <source>no_targets_left</source>
        <translation>hết đích</translation>
    </message>
    <message>
        <source>stream_cut_after_first_token</source>
        <translation>luồng bị cắt sau token đầu</translation>
    </message>
    <message>
        <source>stream_restart</source>
        <translation>khởi động lại luồng</translation>
    </message>
    <message>
        <source>stream_continue</source>
        <translation>viết tiếp luồng</translation>
    </message>
    <message>
        <source>other_attempt_in_flight</source>
        <translation>lần thử khác đang chạy</translation>
    </message>
    <message>
        <source>hedge_delay_elapsed</source>
        <translation>hết thời gian chờ gửi song song</translation>
    </message>
    <message>
        <source>untranslatable</source>
        <translation>không chuyển đổi được</translation>
    </message>
    <message>
        <source>provider_wait</source>
        <translation>nhà cung cấp yêu cầu chờ</translation>
    </message>
    <message>
        <source>request_started</source>
        <translation>bắt đầu yêu cầu</translation>
    </message>
    <message>
        <source>attempt_started</source>
        <translation>bắt đầu lần thử</translation>
    </message>
    <message>
        <source>attempt_finished</source>
        <translation>kết thúc lần thử</translation>
    </message>
    <message>
        <source>retry_scheduled</source>
        <translation>lên lịch thử lại</translation>
    </message>
    <message>
        <source>hedge_started</source>
        <translation>bắt đầu song song</translation>
    </message>
    <message>
        <source>hedge_cancelled</source>
        <translation>hủy song song</translation>
    </message>
    <message>
        <source>breaker_transition</source>
        <translation>cầu dao đổi trạng thái</translation>
    </message>
    <message>
        <source>request_finished</source>
        <translation>kết thúc yêu cầu</translation>
    </message>
    <message>
        <source>shared_state_changed</source>
        <translation>trạng thái chung thay đổi</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>short-circuited</source>
        <translation>bị chặn sớm</translation>
    </message>
    <message>
        <source>budget-denied</source>
        <translation>ngân sách từ chối</translation>
    </message>
</context>
<context>
    <name>PolicyFields</name>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>1..64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;; unique in the chain</source>
        <translation>1..64 chữ cái, chữ số, &apos;_&apos;, &apos;.&apos; hoặc &apos;-&apos;; không trùng trong chuỗi</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Nhà cung cấp</translation>
    </message>
    <message>
        <source>openai: any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio...)</source>
        <translation>openai: mọi máy chủ tương thích OpenAI (OpenAI, Ollama, vLLM, LM Studio...)</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL gốc</translation>
    </message>
    <message>
        <source>Empty: the provider&apos;s own (https://api.openai.com/v1, https://api.anthropic.com)</source>
        <translation>Để trống: URL của chính nhà cung cấp (https://api.openai.com/v1, https://api.anthropic.com)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>Khóa API</translation>
    </message>
    <message>
        <source>Environment variables or keyring labels, tried in order; never the key itself</source>
        <translation>Biến môi trường hoặc nhãn trong kho khóa, thử lần lượt; không bao giờ là chính khóa</translation>
    </message>
    <message>
        <source>Allow plain http:// beyond this machine</source>
        <translation>Cho phép http:// không mã hóa ra ngoài máy này</translation>
    </message>
    <message>
        <source>Keys would cross the network in clear; loopback is always allowed</source>
        <translation>Khóa sẽ đi qua mạng ở dạng rõ; loopback luôn được phép</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Kịch bản</translation>
    </message>
    <message>
        <source>Simulator targets only: the scenario the built-in simulator plays</source>
        <translation>Chỉ cho đích mô phỏng: kịch bản mà trình mô phỏng tích hợp chạy</translation>
    </message>
    <message>
        <source>Attempts per target</source>
        <translation>Số lần thử mỗi đích</translation>
    </message>
    <message>
        <source>The official SDKs make 3; the deadline and the budget bound the whole chain</source>
        <translation>Các SDK chính thức thử 3 lần; hạn chót và ngân sách giới hạn cả chuỗi</translation>
    </message>
    <message>
        <source>Base delay</source>
        <translation>Thời gian chờ gốc</translation>
    </message>
    <message>
        <source>The first retry&apos;s wait before jitter; later ones grow from it</source>
        <translation>Thời gian chờ của lần thử lại đầu tiên trước khi thêm jitter; các lần sau tăng dần từ đó</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>Mức trần</translation>
    </message>
    <message>
        <source>No backoff wait is longer than this</source>
        <translation>Không lần chờ giãn cách nào dài hơn mức này</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Mức sàn</translation>
    </message>
    <message>
        <source>Keeps full jitter from drawing a 0 ms retry that re-hits an overloaded server at once</source>
        <translation>Tránh để jitter toàn phần chọn lần thử lại 0 ms, dội ngay vào máy chủ đang quá tải</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>Giãn cách (backoff)</translation>
    </message>
    <message>
        <source>How the wait grows from one retry to the next</source>
        <translation>Thời gian chờ tăng thế nào giữa các lần thử lại</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Jitter (độ ngẫu nhiên)</translation>
    </message>
    <message>
        <source>Full jitter spreads retries evenly: no thundering herd when many clients fail at once</source>
        <translation>Jitter toàn phần rải đều các lần thử lại: không dồn dập khi nhiều client cùng lỗi một lúc</translation>
    </message>
    <message>
        <source>Wait as long as the server says</source>
        <translation>Chờ đúng thời gian máy chủ yêu cầu</translation>
    </message>
    <message>
        <source>Retry-After, retry-after-ms and the rate-limit reset headers</source>
        <translation>Các header Retry-After, retry-after-ms và thời điểm đặt lại giới hạn tốc độ</translation>
    </message>
    <message>
        <source>Longest server-requested wait</source>
        <translation>Thời gian chờ dài nhất máy chủ được yêu cầu</translation>
    </message>
    <message>
        <source>When the server asks for longer</source>
        <translation>Khi máy chủ yêu cầu chờ lâu hơn</translation>
    </message>
    <message>
        <source>fallback: the next target at once; fail: give up; wait_max: wait the longest allowed</source>
        <translation>fallback: chuyển ngay sang đích kế tiếp; fail: bỏ cuộc; wait_max: chờ mức dài nhất được phép</translation>
    </message>
    <message>
        <source>Send an Idempotency-Key</source>
        <translation>Gửi Idempotency-Key</translation>
    </message>
    <message>
        <source>The same key on every retry of a request, so a retry never bills twice</source>
        <translation>Cùng một khóa cho mọi lần thử lại của một yêu cầu, để không bao giờ bị tính tiền hai lần</translation>
    </message>
    <message>
        <source>Per-class rules</source>
        <translation>Quy tắc theo loại lỗi</translation>
    </message>
    <message>
        <source>A rule per error class; the classes left out keep their defaults</source>
        <translation>Mỗi loại lỗi một quy tắc; các loại không nêu giữ mặc định</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Số lần thử</translation>
    </message>
    <message>
        <source>0: Attempts per target (the retry page&apos;s number)</source>
        <translation>0: Số lần thử mỗi đích (con số ở trang thử lại)</translation>
    </message>
    <message>
        <source>Obey hint</source>
        <translation>Theo gợi ý</translation>
    </message>
    <message>
        <source>Wait as the server&apos;s Retry-After or rate-limit headers say</source>
        <translation>Chờ theo header Retry-After hoặc giới hạn tốc độ của máy chủ</translation>
    </message>
    <message>
        <source>Next key first</source>
        <translation>Đổi khóa trước</translation>
    </message>
    <message>
        <source>Try the target&apos;s next API key at once</source>
        <translation>Thử ngay khóa API kế tiếp của đích</translation>
    </message>
    <message>
        <source>When exhausted</source>
        <translation>Khi hết lượt</translation>
    </message>
    <message>
        <source>fallback: the next target; stop: fail the request</source>
        <translation>fallback: chuyển sang đích kế tiếp; stop: cho yêu cầu thất bại</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>First token</source>
        <translation>Token đầu tiên</translation>
    </message>
    <message>
        <source>Until the first content token (or the whole body when not streaming)</source>
        <translation>Đến token nội dung đầu tiên (hoặc toàn bộ phần thân khi không truyền luồng)</translation>
    </message>
    <message>
        <source>Idle inside a stream</source>
        <translation>Im lặng trong luồng</translation>
    </message>
    <message>
        <source>Silence between two chunks of a stream</source>
        <translation>Khoảng lặng giữa hai đoạn của một luồng</translation>
    </message>
    <message>
        <source>Whole attempt</source>
        <translation>Toàn bộ lần thử</translation>
    </message>
    <message>
        <source>Deadline of a request</source>
        <translation>Hạn chót của một yêu cầu</translation>
    </message>
    <message>
        <source>Retries, waits and fallbacks included</source>
        <translation>Tính cả các lần thử lại, thời gian chờ và dự phòng</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Bật</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Cửa sổ</translation>
    </message>
    <message>
        <source>time: the calls of the last Time window; count: the last Count window calls</source>
        <translation>time: các lệnh gọi trong Cửa sổ thời gian gần nhất; count: số lệnh gọi gần nhất theo Cửa sổ đếm</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>Cửa sổ thời gian</translation>
    </message>
    <message>
        <source>Count window</source>
        <translation>Cửa sổ đếm</translation>
    </message>
    <message>
        <source>over at least</source>
        <translation>xét trên ít nhất</translation>
    </message>
    <message>
        <source>The failure rate is judged only once the window holds this many calls</source>
        <translation>Tỷ lệ lỗi chỉ được xét khi cửa sổ có đủ ngần này lệnh gọi</translation>
    </message>
    <message>
        <source>Open after consecutive failures</source>
        <translation>Mở sau số lỗi liên tiếp</translation>
    </message>
    <message>
        <source>0: off</source>
        <translation>0: tắt</translation>
    </message>
    <message>
        <source>…or a failure rate of</source>
        <translation>…hoặc tỷ lệ lỗi</translation>
    </message>
    <message>
        <source>A call is slow after</source>
        <translation>Lệnh gọi bị coi là chậm sau</translation>
    </message>
    <message>
        <source>Time to first token, or the attempt&apos;s duration when there was none</source>
        <translation>Thời gian đến token đầu tiên, hoặc thời lượng lần thử nếu không có token nào</translation>
    </message>
    <message>
        <source>Open at a slow-call rate of</source>
        <translation>Mở khi tỷ lệ lệnh gọi chậm đạt</translation>
    </message>
    <message>
        <source>Open for</source>
        <translation>Mở trong</translation>
    </message>
    <message>
        <source>The first open time; probes follow</source>
        <translation>Thời gian mở lần đầu; sau đó là các lần thăm dò</translation>
    </message>
    <message>
        <source>× on each failed probe</source>
        <translation>× sau mỗi lần thăm dò thất bại</translation>
    </message>
    <message>
        <source>Longest open time</source>
        <translation>Thời gian mở dài nhất</translation>
    </message>
    <message>
        <source>Probes to close</source>
        <translation>Số lần thăm dò để đóng</translation>
    </message>
    <message>
        <source>Successful probes in a row that close it again</source>
        <translation>Số lần thăm dò thành công liên tiếp để đóng lại</translation>
    </message>
    <message>
        <source>Failures that count</source>
        <translation>Lỗi được tính</translation>
    </message>
    <message>
        <source>Counted per</source>
        <translation>Tính theo</translation>
    </message>
    <message>
        <source>target: a failing target never spends a healthy one&apos;s retries</source>
        <translation>target: đích đang lỗi không bao giờ tiêu lượt thử lại của đích khỏe</translation>
    </message>
    <message>
        <source>Retries per request</source>
        <translation>Số lần thử lại mỗi yêu cầu</translation>
    </message>
    <message>
        <source>0.2: retries may add 20% to the traffic</source>
        <translation>0.2: thử lại được phép thêm 20% lưu lượng</translation>
    </message>
    <message>
        <source>Retries always allowed, however few requests there were</source>
        <translation>Số lần thử lại luôn được phép, dù có ít yêu cầu đến đâu</translation>
    </message>
    <message>
        <source>Race after</source>
        <translation>Chạy đua sau</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>Tối đa</translation>
    </message>
    <message>
        <source>When a stream fails after its first token</source>
        <translation>Khi luồng lỗi sau token đầu tiên</translation>
    </message>
    <message>
        <source>Redis URL</source>
        <translation>URL Redis</translation>
    </message>
    <message>
        <source>redis://host:port/db; empty: nothing is shared with other processes</source>
        <translation>redis://host:port/db; để trống: không chia sẻ gì với tiến trình khác</translation>
    </message>
    <message>
        <source>Key prefix</source>
        <translation>Tiền tố khóa</translation>
    </message>
    <message>
        <source>Processes with the same prefix share trips and waits; 1..64 printable characters</source>
        <translation>Các tiến trình cùng tiền tố dùng chung trạng thái ngắt và thời gian chờ; 1..64 ký tự in được</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>Thời gian chờ kết nối</translation>
    </message>
    <message>
        <source>Command timeout</source>
        <translation>Thời gian chờ lệnh</translation>
    </message>
    <message>
        <source>A Redis slower than this is called down; requests never wait for it</source>
        <translation>Redis chậm hơn mức này bị coi là ngừng hoạt động; yêu cầu không bao giờ chờ nó</translation>
    </message>
    <message>
        <source>Re-read every</source>
        <translation>Đọc lại mỗi</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source> calls</source>
        <translation> lệnh gọi</translation>
    </message>
    <message>
        <source> attempts</source>
        <translation> lần thử</translation>
    </message>
    <message>
        <source> hedges</source>
        <translation> yêu cầu song song</translation>
    </message>
    <message>
        <source> retries/s</source>
        <translation> lần thử lại/giây</translation>
    </message>
    <message>
        <source>The error classes that count against a target (rate limits do not: Retry-After handles them)</source>
        <translation>Các loại lỗi bị tính cho một đích (giới hạn tốc độ thì không: Retry-After đã lo việc đó)</translation>
    </message>
    <message>
        <source>Key header</source>
        <translation>Header chứa khóa</translation>
    </message>
    <message>
        <source>default: the provider&apos;s own (Authorization: Bearer, x-api-key); api-key: Azure OpenAI&apos;s api-key header</source>
        <translation>default: header của chính nhà cung cấp (&apos;Authorization: Bearer&apos;, &apos;x-api-key&apos;); api-key: header &apos;api-key&apos; của Azure OpenAI</translation>
    </message>
</context>
<context>
    <name>PriceFile</name>
    <message>
        <source>The price file has problems and the built-in prices are in force: %1</source>
        <translation>Tệp bảng giá có lỗi nên đang dùng bảng giá tích hợp: %1</translation>
    </message>
</context>
<context>
    <name>Prices</name>
    <message>
        <source>the simulator, priced like gpt-4o so a demo shows what the same traffic would cost (no real charge)</source>
        <translation>trình mô phỏng, tính giá như gpt-4o để bản trình diễn cho thấy cùng lưu lượng đó sẽ tốn bao nhiêu (không tính tiền thật)</translation>
    </message>
    <message>
        <source>the simulator, priced like gpt-4o (no real charge)</source>
        <translation>trình mô phỏng, tính giá như gpt-4o (không tính tiền thật)</translation>
    </message>
</context>
<context>
    <name>ProviderPresets</name>
    <message>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <source>Anthropic</source>
        <translation>Anthropic</translation>
    </message>
    <message>
        <source>Google Gemini (OpenAI-compatible endpoint)</source>
        <translation>Google Gemini (điểm cuối tương thích OpenAI)</translation>
    </message>
    <message>
        <source>Azure OpenAI (v1 endpoint)</source>
        <translation>Azure OpenAI (điểm cuối v1)</translation>
    </message>
    <message>
        <source>OpenRouter</source>
        <translation>OpenRouter</translation>
    </message>
    <message>
        <source>Groq</source>
        <translation>Groq</translation>
    </message>
    <message>
        <source>DeepSeek</source>
        <translation>DeepSeek</translation>
    </message>
    <message>
        <source>Mistral AI</source>
        <translation>Mistral AI</translation>
    </message>
    <message>
        <source>Together AI</source>
        <translation>Together AI</translation>
    </message>
    <message>
        <source>Fireworks AI</source>
        <translation>Fireworks AI</translation>
    </message>
    <message>
        <source>xAI (Grok)</source>
        <translation>xAI (Grok)</translation>
    </message>
    <message>
        <source>Ollama (local)</source>
        <translation>Ollama (cục bộ)</translation>
    </message>
    <message>
        <source>LM Studio (local)</source>
        <translation>LM Studio (cục bộ)</translation>
    </message>
    <message>
        <source>vLLM (local)</source>
        <translation>vLLM (cục bộ)</translation>
    </message>
    <message>
        <source>llama.cpp server (local)</source>
        <translation>Máy chủ llama.cpp (cục bộ)</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Cắ&amp;t</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Retry-After</source>
        <translation>Retry-After</translation>
    </message>
    <message>
        <source>retry-after-ms</source>
        <translation>retry-after-ms</translation>
    </message>
    <message>
        <source>rate-limit reset</source>
        <translation>đặt lại giới hạn tốc độ</translation>
    </message>
    <message>
        <source>the error&apos;s retryDelay</source>
        <translation>retryDelay trong lỗi</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>giãn cách</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>không chờ</translation>
    </message>
    <message>
        <source>hedge </source>
        <translation>song song </translation>
    </message>
    <message>
        <source>no status</source>
        <translation>không có mã trạng thái</translation>
    </message>
    <message>
        <source> → wait %1 (%2)</source>
        <translation> → chờ %1 (%2)</translation>
    </message>
    <message>
        <source> → next key</source>
        <translation> → khóa kế tiếp</translation>
    </message>
    <message>
        <source> → fallback</source>
        <translation> → dự phòng</translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation> (đã dừng)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> (fallback)</source>
        <translation> (dự phòng)</translation>
    </message>
    <message>
        <source>TTFT %1</source>
        <translation>TTFT %1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>tổng %1</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>Xuất %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>Không xuất được: %1</translation>
    </message>
    <message>
        <source>Saved %1 to %2</source>
        <translation>Đã lưu %1 vào %2</translation>
    </message>
    <message>
        <source>Events (JSONL)…</source>
        <translation>Sự kiện (JSONL)…</translation>
    </message>
    <message>
        <source>the events</source>
        <translation>các sự kiện</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>Tệp JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Metrics (CSV)…</source>
        <translation>Số liệu (CSV)…</translation>
    </message>
    <message>
        <source>the metrics</source>
        <translation>các số liệu</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Chart (PNG)</source>
        <translation>Biểu đồ (PNG)</translation>
    </message>
    <message>
        <source>the %1 chart</source>
        <translation>biểu đồ %1</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <source>%1 has problems and was not applied; the defaults are in force until you fix it or save new settings.%2

%3</source>
        <translation>%1 có lỗi nên chưa được áp dụng; các giá trị mặc định có hiệu lực cho đến khi bạn sửa tệp hoặc lưu cài đặt mới.%2

%3</translation>
    </message>
    <message>
        <source> The last good copy is kept in %1.</source>
        <translation> Bản tốt gần nhất được giữ tại %1.</translation>
    </message>
    <message>
        <source>The policy file</source>
        <translation>Tệp chính sách</translation>
    </message>
    <message>
        <source>The settings file</source>
        <translation>Tệp cài đặt</translation>
    </message>
    <message>
        <source>The built-in simulator could not start: %1</source>
        <translation>Không khởi động được trình mô phỏng tích hợp: %1</translation>
    </message>
    <message>
        <source>

This session&apos;s chats are kept in memory only.</source>
        <translation>

Các cuộc trò chuyện của phiên này chỉ được giữ trong bộ nhớ.</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Cổng API</translation>
    </message>
    <message>
        <source>Stormproof</source>
        <translation>Stormproof</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lưu tất cả</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Có với tất &amp;cả</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>K&amp;hông với tất cả</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Không lưu</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Cắ&amp;t</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Sao chép địa chỉ &amp;liên kết</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>ReplyOutcome</name>
    <message>
        <source>every attempt the policy allows was used</source>
        <translation>đã dùng hết mọi lần thử mà chính sách cho phép</translation>
    </message>
    <message>
        <source>the retry budget refused more retries (too many recent failures)</source>
        <translation>ngân sách thử lại từ chối thử thêm (quá nhiều lỗi gần đây)</translation>
    </message>
    <message>
        <source>the server asked to wait longer than the policy allows</source>
        <translation>máy chủ yêu cầu chờ lâu hơn mức chính sách cho phép</translation>
    </message>
    <message>
        <source>the request&apos;s deadline ran out</source>
        <translation>yêu cầu đã hết hạn chót</translation>
    </message>
    <message>
        <source>no fallback target was left</source>
        <translation>không còn đích dự phòng nào</translation>
    </message>
    <message>
        <source>this kind of error is not retried</source>
        <translation>loại lỗi này không được thử lại</translation>
    </message>
    <message>
        <source>the stream was cut after it started and the policy does not restart streams</source>
        <translation>luồng bị cắt sau khi đã bắt đầu và chính sách không khởi động lại luồng</translation>
    </message>
    <message>
        <source>the target&apos;s circuit breaker is open</source>
        <translation>cầu dao của đích đang mở</translation>
    </message>
    <message>
        <source>this target cannot take this request</source>
        <translation>đích này không nhận được yêu cầu này</translation>
    </message>
    <message>
        <source>in %1 · out %2 tokens</source>
        <translation>vào %1 · ra %2 token</translation>
    </message>
    <message>
        <source> (waited %1)</source>
        <translation> (đã chờ %1)</translation>
    </message>
    <message>
        <source>retrying: %1 retry so far</source>
        <translation>đang thử lại: đã thử lại %1 lần</translation>
    </message>
    <message>
        <source>retrying: %1 retries so far</source>
        <translation>đang thử lại: đã thử lại %1 lần</translation>
    </message>
    <message>
        <source>answering…</source>
        <translation>đang trả lời…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>đã dừng</translation>
    </message>
    <message>
        <source>You stopped this reply before any text arrived. Regenerate to ask again.</source>
        <translation>Bạn đã dừng câu trả lời này trước khi có chữ nào đến. Hãy tạo lại để hỏi lần nữa.</translation>
    </message>
    <message>
        <source>You stopped this reply; the text above is what had arrived. Regenerate to ask again.</source>
        <translation>Bạn đã dừng câu trả lời này; phần chữ ở trên là những gì đã đến. Hãy tạo lại để hỏi lần nữa.</translation>
    </message>
    <message>
        <source>recovered by fallback to %1</source>
        <translation>phục hồi nhờ chuyển dự phòng sang %1</translation>
    </message>
    <message>
        <source>recovered after %1 retry</source>
        <translation>phục hồi sau %1 lần thử lại</translation>
    </message>
    <message>
        <source>recovered after %1 retries</source>
        <translation>phục hồi sau %1 lần thử lại</translation>
    </message>
    <message>
        <source>, answered by %1</source>
        <translation>, do %1 trả lời</translation>
    </message>
    <message>
        <source>answered first time</source>
        <translation>trả lời ngay lần đầu</translation>
    </message>
    <message>
        <source>failed after %1 attempt</source>
        <translation>thất bại sau %1 lần thử</translation>
    </message>
    <message>
        <source>failed after %1 attempts</source>
        <translation>thất bại sau %1 lần thử</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>Yêu cầu thất bại.</translation>
    </message>
    <message>
        <source>Stopped trying because %1.</source>
        <translation>Đã ngừng thử vì %1.</translation>
    </message>
    <message>
        <source>The text above is what arrived before it failed.</source>
        <translation>Phần chữ ở trên là những gì đã đến trước khi lỗi.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>loại %1</translation>
    </message>
</context>
<context>
    <name>Scenarios</name>
    <message>
        <source>An Azure OpenAI deployment at its tokens-per-minute quota: 30% of requests are 429 with retry-after-ms, x-ms-retry-after-ms and retry-after of 2 s, plus Azure&apos;s x-ms-region and apim-request-id headers.</source>
        <translation>Một bản triển khai Azure OpenAI chạm hạn mức token mỗi phút: 30% yêu cầu nhận 429 kèm retry-after-ms, &apos;x-ms-retry-after-ms&apos; và retry-after 2 giây, cùng các header &apos;x-ms-region&apos; và &apos;apim-request-id&apos; của Azure.</translation>
    </message>
    <message>
        <source>A bit of everything: rate limits, overload, server errors, resets, hangs, cuts, stalls, garbage.</source>
        <translation>Mỗi thứ một chút: giới hạn tốc độ, quá tải, lỗi máy chủ, mất kết nối, treo, bị cắt, ngắt quãng, dữ liệu rác.</translation>
    </message>
    <message>
        <source>DeepSeek at peak hours: replies start late behind &apos;: keep-alive&apos; comments (or blank lines before a whole body), and 25% of requests are 503 &apos;the server is busy&apos;.</source>
        <translation>DeepSeek vào giờ cao điểm: câu trả lời bắt đầu muộn sau các dòng chú thích &apos;: keep-alive&apos; (hoặc các dòng trống trước cả phần thân), và 25% yêu cầu nhận 503 &apos;the server is busy&apos;.</translation>
    </message>
    <message>
        <source>30% of requests get 503, 10% get 429 with retry-after-ms: 20. Retries should rescue nearly all of them.</source>
        <translation>30% yêu cầu nhận 503, 10% nhận 429 kèm retry-after-ms: 20. Thử lại sẽ cứu được gần như tất cả.</translation>
    </message>
    <message>
        <source>Gemini&apos;s OpenAI-compatible endpoint on a free tier: 10 requests a minute per key, each 429 a JSON array whose RetryInfo says how long to wait (no Retry-After header); now and then &apos;The model is overloaded&apos; (503 UNAVAILABLE).</source>
        <translation>Điểm cuối tương thích OpenAI của Gemini ở gói miễn phí: 10 yêu cầu mỗi phút cho mỗi khóa, mỗi lỗi 429 là một mảng JSON có RetryInfo cho biết phải chờ bao lâu (không có header Retry-After); thỉnh thoảng &apos;The model is overloaded&apos; (&apos;503 UNAVAILABLE&apos;).</translation>
    </message>
    <message>
        <source>Groq&apos;s free tier: 6,000 tokens a minute per key; 429s carry retry-after in whole seconds and x-ratelimit-* resets like &apos;7.66s&apos;; 5% are 498 (flex tier capacity exceeded).</source>
        <translation>Gói miễn phí của Groq: 6.000 token mỗi phút cho mỗi khóa; các lỗi 429 mang retry-after tính bằng giây chẵn và thời điểm đặt lại &apos;x-ratelimit-*&apos; dạng &apos;7.66s&apos;; 5% là 498 (gói linh hoạt hết công suất).</translation>
    </message>
    <message>
        <source>Every request succeeds: replies start after 150 ms and stream at 60 tokens/s.</source>
        <translation>Mọi yêu cầu đều thành công: câu trả lời bắt đầu sau 150 ms và truyền với tốc độ 60 token/giây.</translation>
    </message>
    <message>
        <source>A local server (Ollama, llama.cpp, vLLM, LM Studio) with a full queue: 20% of requests are 503 with a bare {&quot;error&quot;: &quot;server busy...&quot;} and no wait hints; replies are slow to start as a model loads.</source>
        <translation>Một máy chủ cục bộ (Ollama, llama.cpp, vLLM, LM Studio) đầy hàng đợi: 20% yêu cầu nhận 503 chỉ với {&quot;error&quot;: &quot;server busy...&quot;} và không có gợi ý chờ; câu trả lời bắt đầu chậm khi mô hình đang được nạp.</translation>
    </message>
    <message>
        <source>Streams that break: 20% cut after 8 tokens, 10% end without their terminator, 5% send malformed JSON.</source>
        <translation>Luồng hay đứt: 20% bị cắt sau 8 token, 10% kết thúc mà không có dấu kết thúc, 5% gửi JSON sai định dạng.</translation>
    </message>
    <message>
        <source>OpenRouter when the provider behind it fails after the first token: 20% of streams end in an error chunk (finish_reason &quot;error&quot;, code 502) inside the 200, 5% are 502 &apos;Provider returned error&apos; outright; streams open with &apos;: OPENROUTER PROCESSING&apos;.</source>
        <translation>OpenRouter khi nhà cung cấp phía sau lỗi sau token đầu tiên: 20% luồng kết thúc bằng một đoạn lỗi (&apos;finish_reason&apos; &quot;error&quot;, mã 502) bên trong phản hồi 200, 5% nhận thẳng 502 &apos;Provider returned error&apos;; luồng mở đầu bằng &apos;: OPENROUTER PROCESSING&apos;.</translation>
    </message>
    <message>
        <source>OpenRouter with the account&apos;s credit gone: every request is 402 &apos;Insufficient credits&apos; (quota_exhausted, not retried; a fallback target answers if there is one).</source>
        <translation>OpenRouter khi tài khoản đã hết tín dụng: mọi yêu cầu đều nhận 402 &apos;Insufficient credits&apos; (loại lỗi hết hạn mức, không thử lại; đích dự phòng sẽ trả lời nếu có).</translation>
    </message>
    <message>
        <source>Healthy for 15 s, a total outage (503) for 20 s, degraded for 15 s, then recovered: watch the breaker open, probe and close.</source>
        <translation>Khỏe trong 15 giây, sập hoàn toàn (503) trong 20 giây, suy giảm trong 15 giây, rồi phục hồi: hãy xem cầu dao mở, thăm dò và đóng lại.</translation>
    </message>
    <message>
        <source>The provider is overloaded: 40% 529 overloaded_error, 10% 503, some with retry-after.</source>
        <translation>Nhà cung cấp quá tải: 40% là 529 &apos;overloaded_error&apos;, 10% là 503, một số kèm retry-after.</translation>
    </message>
    <message>
        <source>A real token bucket per API key: 6 requests and 4,000 tokens per minute. 429s carry exact retry-after-ms and reset headers.</source>
        <translation>Giới hạn kiểu thùng token thật cho mỗi khóa API: 6 yêu cầu và 4.000 token mỗi phút. Các lỗi 429 mang retry-after-ms chính xác cùng header đặt lại.</translation>
    </message>
    <message>
        <source>A slow model: 2.5 s to the first token, 15 tokens/s; 15% wait 8 s before answering at all, 10% stall 5 s mid-stream.</source>
        <translation>Một mô hình chậm: 2,5 giây đến token đầu tiên, 15 token/giây; 15% chờ 8 giây rồi mới trả lời, 10% ngừng 5 giây giữa luồng.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>LLM playground with a live resilience dashboard</source>
        <translation>Sân chơi LLM với bảng theo dõi khả năng chịu lỗi theo thời gian thực</translation>
    </message>
    <message>
        <source>Keep settings, conversations and logs under DIR.</source>
        <translation>Lưu cài đặt, cuộc trò chuyện và nhật ký trong thư mục DIR.</translation>
    </message>
    <message>
        <source>Send a scripted set of prompts to the simulator running SCENARIO.</source>
        <translation>Gửi một loạt lời nhắc soạn sẵn tới trình mô phỏng đang chạy kịch bản SCENARIO.</translation>
    </message>
    <message>
        <source>Save a PNG of each main view into DIR before quitting.</source>
        <translation>Lưu ảnh PNG của từng màn hình chính vào DIR trước khi thoát.</translation>
    </message>
    <message>
        <source>Quit after N milliseconds.</source>
        <translation>Thoát sau N mili giây.</translation>
    </message>
    <message>
        <source>With --demo: also send N background requests a second through the same chain (a busy dashboard; the soak benchmark uses it).</source>
        <translation>Cùng --demo: gửi thêm N yêu cầu nền mỗi giây qua cùng chuỗi (để bảng theo dõi bận rộn; bài đo soak dùng cách này).</translation>
    </message>
    <message>
        <source>Start the Gateway panel&apos;s local OpenAI/Anthropic endpoint at launch, on 127.0.0.1:PORT (0: any free port; the URL is printed on stderr).</source>
        <translation>Khởi động điểm cuối OpenAI/Anthropic cục bộ của bảng Cổng API ngay khi mở, trên 127.0.0.1:PORT (0: cổng trống bất kỳ; URL được in ra stderr).</translation>
    </message>
    <message>
        <source>With --gateway-port: the token callers must send is the value of environment variable VAR (default: a new random one, shown in the panel).</source>
        <translation>Cùng --gateway-port: token truy cập mà bên gọi phải gửi là giá trị của biến môi trường VAR (mặc định: một token ngẫu nhiên mới, hiện trong bảng).</translation>
    </message>
    <message>
        <source>The interface&apos;s language for this run: system, en or vi (default: the choice in Settings &gt; Appearance, else the system&apos;s).</source>
        <translation>Ngôn ngữ giao diện cho lần chạy này: system, en hoặc vi (mặc định: lựa chọn trong Cài đặt &gt; Giao diện, nếu không thì theo hệ thống).</translation>
    </message>
    <message>
        <source>With --demo: send a scripted prompt as one compare of N simulator targets (2-4) running SCENARIO, side by side (Chat &gt; Compare targets).</source>
        <translation>Cùng --demo: gửi một lời nhắc soạn sẵn dưới dạng một lần so sánh N đích mô phỏng (2-4) chạy kịch bản SCENARIO, đặt cạnh nhau (Trò chuyện &gt; So sánh các đích).</translation>
    </message>
    <message>
        <source>What is exponential backoff with full jitter?</source>
        <translation>Giãn cách theo cấp số nhân với jitter toàn phần là gì?</translation>
    </message>
    <message>
        <source>Why should a client honour Retry-After?</source>
        <translation>Vì sao client nên tuân theo Retry-After?</translation>
    </message>
    <message>
        <source>Explain a circuit breaker&apos;s half-open state.</source>
        <translation>Giải thích trạng thái nửa mở của cầu dao (circuit breaker).</translation>
    </message>
    <message>
        <source>When is a fallback model better than a retry?</source>
        <translation>Khi nào chuyển sang mô hình dự phòng tốt hơn thử lại?</translation>
    </message>
    <message>
        <source>What does an idempotency key protect against?</source>
        <translation>Khóa idempotency bảo vệ khỏi điều gì?</translation>
    </message>
    <message>
        <source>How does a retry budget stop a retry storm?</source>
        <translation>Ngân sách thử lại ngăn cơn bão thử lại như thế nào?</translation>
    </message>
    <message>
        <source>Summarise what a deadline does for a chat request.</source>
        <translation>Tóm tắt tác dụng của hạn chót đối với một yêu cầu trò chuyện.</translation>
    </message>
    <message>
        <source>Write a haiku about rate limits.</source>
        <translation>Viết một bài haiku về giới hạn tốc độ.</translation>
    </message>
</context>
<context>
    <name>stormproof::AlertArea</name>
    <message>
        <source>Retry rate %1 of %2 attempts over the last %3 s (alert above %4%) — &lt;a href=&quot;retry_scheduled&quot;&gt;investigate&lt;/a&gt;</source>
        <translation>Tỷ lệ thử lại %1 trên %2 lần thử trong %3 giây qua (ngưỡng %4%) — &lt;a href=&quot;retry_scheduled&quot;&gt;xem&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Error rate %1 of %2 requests over the last %3 s (alert above %4%) — &lt;a href=&quot;request_finished&quot;&gt;investigate&lt;/a&gt;</source>
        <translation>Tỷ lệ lỗi %1 trên %2 yêu cầu trong %3 giây qua (ngưỡng %4%) — &lt;a href=&quot;request_finished&quot;&gt;xem&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Breaker of %1 is %2 (%3) — &lt;a href=&quot;%1&quot;&gt;investigate&lt;/a&gt;</source>
        <translation>Cầu dao của %1 đang %2 (%3) — &lt;a href=&quot;%1&quot;&gt;xem&lt;/a&gt;</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>đặt thủ công</translation>
    </message>
    <message>
        <source>%1: %2 of the %3 %4 an alert needs in %5 s</source>
        <translation>%1: %2 trên %3 %4 cần có để cảnh báo trong %5 giây</translation>
    </message>
    <message>
        <source>%1 %2 of %3 %4 (alert above %5%)</source>
        <translation>%1 %2 trên %3 %4 (ngưỡng %5%)</translation>
    </message>
    <message>
        <source>Retry rate</source>
        <translation>Tỷ lệ thử lại</translation>
    </message>
    <message>
        <source>attempts</source>
        <translation>lần thử</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Tỷ lệ lỗi</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>yêu cầu</translation>
    </message>
    <message>
        <source>Breakers: none open</source>
        <translation>Cầu dao: không cái nào mở</translation>
    </message>
    <message>
        <source>Stormproof alert</source>
        <translation>Cảnh báo Stormproof</translation>
    </message>
</context>
<context>
    <name>stormproof::AppearancePage</name>
    <message>
        <source>Appearance</source>
        <translation>Giao diện</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Cỡ chữ</translation>
    </message>
    <message>
        <source>Enter sends the message (Shift+Enter for a new line; Ctrl+Enter always sends)</source>
        <translation>Enter để gửi tin nhắn (Shift+Enter để xuống dòng; Ctrl+Enter luôn gửi)</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>Ô soạn tin</translation>
    </message>
    <message>
        <source>Alert at a retry rate above</source>
        <translation>Cảnh báo khi tỷ lệ thử lại vượt</translation>
    </message>
    <message>
        <source>Alert at an error rate above</source>
        <translation>Cảnh báo khi tỷ lệ lỗi vượt</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Tối</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Ngôn ngữ hệ thống</translation>
    </message>
    <message>
        <source>Applies the next time Stormproof starts</source>
        <translation>Có hiệu lực từ lần khởi động Stormproof kế tiếp</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>stormproof::BreakerPage</name>
    <message>
        <source>Circuit breaker</source>
        <translation>Cầu dao (circuit breaker)</translation>
    </message>
    <message>
        <source>A target that keeps failing is taken out of the chain (open) so requests fail over at once; after the open time a few probes decide whether it comes back (half-open).</source>
        <translation>Đích liên tục lỗi sẽ bị tách khỏi chuỗi (mở) để yêu cầu chuyển dự phòng ngay; hết thời gian mở, vài lần thăm dò quyết định nó có được quay lại hay không (nửa mở).</translation>
    </message>
</context>
<context>
    <name>stormproof::BudgetPage</name>
    <message>
        <source>Retry budget</source>
        <translation>Ngân sách thử lại</translation>
    </message>
    <message>
        <source>Retries may add this share of the requests, plus a small floor: enough for stray errors, too little to double the load on a failing service (Finagle&apos;s and Envoy&apos;s retry budgets).</source>
        <translation>Số lần thử lại được phép thêm tỷ lệ này so với số yêu cầu, cộng một mức sàn nhỏ: đủ cho lỗi lẻ tẻ, nhưng quá ít để nhân đôi tải lên một dịch vụ đang lỗi (như ngân sách thử lại của Finagle và Envoy).</translation>
    </message>
</context>
<context>
    <name>stormproof::ChainPickers</name>
    <message>
        <source> Target: </source>
        <translation> Đích: </translation>
    </message>
    <message>
        <source>The whole fallback chain, or one target on its own</source>
        <translation>Cả chuỗi dự phòng, hoặc riêng một đích</translation>
    </message>
    <message>
        <source>  Model: </source>
        <translation>  Mô hình: </translation>
    </message>
    <message>
        <source>  Scenario: </source>
        <translation>  Kịch bản: </translation>
    </message>
    <message>
        <source>What the built-in simulator plays: its faults, timing and phases</source>
        <translation>Những gì trình mô phỏng tích hợp chạy: lỗi, nhịp thời gian và các giai đoạn</translation>
    </message>
    <message>
        <source>Fallback chain: %1</source>
        <translation>Chuỗi dự phòng: %1</translation>
    </message>
    <message>
        <source>No simulator target in the chain</source>
        <translation>Không có đích mô phỏng nào trong chuỗi</translation>
    </message>
    <message>
        <source>The simulator&apos;s model follows the scenario picker</source>
        <translation>Mô hình của trình mô phỏng đi theo kịch bản đã chọn</translation>
    </message>
    <message>
        <source>The model the first target in use is asked for</source>
        <translation>Mô hình được yêu cầu ở đích đầu tiên đang dùng</translation>
    </message>
    <message>
        <source>Could not list models: %1</source>
        <translation>Không liệt kê được mô hình: %1</translation>
    </message>
</context>
<context>
    <name>stormproof::ChatSettingsDialog</name>
    <message>
        <source>Chat settings</source>
        <translation>Cài đặt trò chuyện</translation>
    </message>
    <message>
        <source>provider default</source>
        <translation>mặc định của nhà cung cấp</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>Lời nhắc hệ thống:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Nhiệt độ (temperature):</translation>
    </message>
    <message>
        <source>top_p:</source>
        <translation>top_p:</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Số token tối đa:</translation>
    </message>
</context>
<context>
    <name>stormproof::ChatView</name>
    <message>
        <source>Ask anything. Replies come from the targets in the toolbar; every attempt, wait and fallback shows under the reply.</source>
        <translation>Hỏi bất cứ điều gì. Câu trả lời đến từ các đích trên thanh công cụ; mọi lần thử, thời gian chờ và lần chuyển dự phòng hiện ngay dưới câu trả lời.</translation>
    </message>
    <message>
        <source>Stormproof</source>
        <translation>Stormproof</translation>
    </message>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>Hiện %n tin nhắn trước đó</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Asking again from here deletes the %n message(s) after this exchange. Go on?</source>
        <translation>
            <numerusform>Hỏi lại từ đây sẽ xóa %n tin nhắn sau lượt trao đổi này. Tiếp tục?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this message?</source>
        <translation>Xóa tin nhắn này?</translation>
    </message>
    <message numerus="yes">
        <source>Regenerating this answer deletes the %n message(s) after it; this answer is kept as an earlier version. Go on?</source>
        <translation>
            <numerusform>Tạo lại câu trả lời này sẽ xóa %n tin nhắn sau nó; câu trả lời này được giữ làm phiên bản cũ. Tiếp tục?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stormproof::ClassRulesPage</name>
    <message>
        <source>Per-class rules</source>
        <translation>Quy tắc theo loại lỗi</translation>
    </message>
    <message>
        <source>429 waits as told; 5xx and 529 back off; 400/401/403 are never retried. Attempts 0 means the retry page&apos;s number.</source>
        <translation>429 chờ theo yêu cầu; 5xx và 529 giãn cách; 400/401/403 không bao giờ được thử lại. Số lần thử 0 nghĩa là dùng con số ở trang thử lại.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Loại lỗi</translation>
    </message>
</context>
<context>
    <name>stormproof::CompareDialog</name>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
    <message>
        <source>Send one prompt to 2–4 targets at once and see each reply, with its attempts, waits, times, tokens and cost, side by side.</source>
        <translation>Gửi một lời nhắc tới 2–4 đích cùng lúc và xem từng câu trả lời cạnh nhau, kèm số lần thử, thời gian chờ, thời gian phản hồi, token và chi phí.</translation>
    </message>
    <message>
        <source>The prompt every column gets</source>
        <translation>Lời nhắc mà mọi cột đều nhận</translation>
    </message>
    <message>
        <source>Targets (each alone, without its fallbacks):</source>
        <translation>Các đích (mỗi đích chạy riêng, không có dự phòng):</translation>
    </message>
    <message>
        <source>optional: also run them under this policy file</source>
        <translation>tùy chọn: chạy thêm với tệp chính sách này</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Duyệt…</translation>
    </message>
    <message>
        <source>Second policy</source>
        <translation>Chính sách thứ hai</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>Tệp chính sách (*.json)</translation>
    </message>
    <message>
        <source>Second policy:</source>
        <translation>Chính sách thứ hai:</translation>
    </message>
    <message>
        <source>Type the prompt to compare.</source>
        <translation>Hãy nhập lời nhắc cần so sánh.</translation>
    </message>
    <message>
        <source>Tick at least two targets, or one with a second policy.</source>
        <translation>Hãy chọn ít nhất hai đích, hoặc một đích kèm chính sách thứ hai.</translation>
    </message>
    <message>
        <source>At most %1 columns side by side: this makes %2.</source>
        <translation>Tối đa %1 cột cạnh nhau: lựa chọn này tạo ra %2.</translation>
    </message>
    <message>
        <source>%1 columns side by side.</source>
        <translation>%1 cột cạnh nhau.</translation>
    </message>
</context>
<context>
    <name>stormproof::CompareRow</name>
    <message>
        <source>replies coming in side by side…</source>
        <translation>các câu trả lời đang đến cạnh nhau…</translation>
    </message>
    <message>
        <source>Compare · %1 columns</source>
        <translation>So sánh · %1 cột</translation>
    </message>
</context>
<context>
    <name>stormproof::Composer</name>
    <message>
        <source>Send</source>
        <translation>Gửi</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Xếp hàng</translation>
    </message>
    <message>
        <source>Message (Enter to send, Shift+Enter for a new line)</source>
        <translation>Tin nhắn (Enter để gửi, Shift+Enter để xuống dòng)</translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter to send)</source>
        <translation>Tin nhắn (Ctrl+Enter để gửi)</translation>
    </message>
    <message>
        <source>Stop the reply (Esc), or queue what you typed to send after it</source>
        <translation>Dừng câu trả lời (Esc), hoặc xếp hàng nội dung bạn đã gõ để gửi sau đó</translation>
    </message>
    <message>
        <source>Queued — sends when this reply ends: %1</source>
        <translation>Đang xếp hàng — sẽ gửi khi câu trả lời này kết thúc: %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <source>Take it back into the box (it is not sent)</source>
        <translation>Đưa lại vào ô soạn (chưa được gửi)</translation>
    </message>
</context>
<context>
    <name>stormproof::ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation>Cuộc trò chuyện mới</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Search chats (Ctrl+K)</source>
        <translation>Tìm cuộc trò chuyện (Ctrl+K)</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Đổi tên…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>%1
last used %2</source>
        <translation>%1
dùng lần cuối %2</translation>
    </message>
    <message>
        <source>%1
%2
last used %3</source>
        <translation>%1
%2
dùng lần cuối %3</translation>
    </message>
    <message>
        <source>No chat contains “%1”.</source>
        <translation>Không cuộc trò chuyện nào chứa “%1”.</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>Đổi tên cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Tiêu đề:</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>Xóa cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Delete this chat and all its messages?</source>
        <translation>Xóa cuộc trò chuyện này cùng mọi tin nhắn của nó?</translation>
    </message>
</context>
<context>
    <name>stormproof::DashboardCharts</name>
    <message>
        <source>Outcomes per second</source>
        <translation>Kết quả mỗi giây</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>giây trước</translation>
    </message>
    <message>
        <source>per s</source>
        <translation>mỗi giây</translation>
    </message>
    <message>
        <source>Scheduled waits by source</source>
        <translation>Thời gian chờ đã lên lịch theo nguồn</translation>
    </message>
    <message>
        <source>ms (log)</source>
        <translation>ms (logarit)</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>giãn cách</translation>
    </message>
    <message>
        <source>Retry-After</source>
        <translation>Retry-After</translation>
    </message>
    <message>
        <source>retry-after-ms</source>
        <translation>retry-after-ms</translation>
    </message>
    <message>
        <source>rate-limit reset</source>
        <translation>đặt lại giới hạn tốc độ</translation>
    </message>
    <message>
        <source>body retryDelay</source>
        <translation>retryDelay trong thân</translation>
    </message>
    <message>
        <source>backoff cap</source>
        <translation>trần giãn cách</translation>
    </message>
    <message>
        <source>Retry-After cap</source>
        <translation>trần Retry-After</translation>
    </message>
    <message>
        <source>Breaker state per target</source>
        <translation>Trạng thái cầu dao theo đích</translation>
    </message>
    <message>
        <source>Rates over the last %1 s</source>
        <translation>Các tỷ lệ trong %1 giây qua</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>thử lại</translation>
    </message>
    <message>
        <source>ok after retry</source>
        <translation>thành công sau thử lại</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>fail limit</source>
        <translation>ngưỡng lỗi</translation>
    </message>
    <message>
        <source>slow calls</source>
        <translation>lệnh gọi chậm</translation>
    </message>
    <message>
        <source>slow limit</source>
        <translation>ngưỡng chậm</translation>
    </message>
</context>
<context>
    <name>stormproof::DashboardView</name>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>last 1 min</source>
        <translation>1 phút qua</translation>
    </message>
    <message>
        <source>last 2 min</source>
        <translation>2 phút qua</translation>
    </message>
    <message>
        <source>last 5 min</source>
        <translation>5 phút qua</translation>
    </message>
    <message>
        <source>last 10 min</source>
        <translation>10 phút qua</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Save the events (JSONL), the metrics (CSV) or a chart (PNG)</source>
        <translation>Lưu các sự kiện (JSONL), số liệu (CSV) hoặc một biểu đồ (PNG)</translation>
    </message>
    <message>
        <source>Prices…</source>
        <translation>Bảng giá…</translation>
    </message>
    <message>
        <source>The per-model prices behind the cost estimate</source>
        <translation>Giá theo từng mô hình dùng để ước tính chi phí</translation>
    </message>
    <message>
        <source>Alert when retries exceed this share of the attempts of the last %1 s (once there are at least %2 attempts)</source>
        <translation>Cảnh báo khi số lần thử lại vượt tỷ lệ này trên các lần thử trong %1 giây qua (khi đã có ít nhất %2 lần thử)</translation>
    </message>
    <message>
        <source>Alert when failed requests exceed this share of the requests finished in the last %1 s (once there are at least %2)</source>
        <translation>Cảnh báo khi số yêu cầu thất bại vượt tỷ lệ này trên các yêu cầu đã xong trong %1 giây qua (khi đã có ít nhất %2 yêu cầu)</translation>
    </message>
    <message>
        <source>Alert above: retries</source>
        <translation>Cảnh báo khi vượt: thử lại</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>Follow latest</source>
        <translation>Theo yêu cầu mới nhất</translation>
    </message>
    <message>
        <source>Stop keeping the request you picked and show the latest retried one</source>
        <translation>Thôi giữ yêu cầu bạn đã chọn và hiện yêu cầu được thử lại gần nhất</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Breakers: %1 closed · %2 open · %3 half-open   ·   success %4   ·   %5 req/s   ·   %6 in flight</source>
        <translation>Cầu dao: %1 đóng · %2 mở · %3 nửa mở   ·   thành công %4   ·   %5 yêu cầu/giây   ·   %6 đang chạy</translation>
    </message>
    <message>
        <source>no chart named %1 (charts: %2)</source>
        <translation>không có biểu đồ tên %1 (các biểu đồ: %2)</translation>
    </message>
    <message>
        <source>Shared state: connected; trips and waits are shared with other processes</source>
        <translation>Trạng thái chung: đã kết nối; các lần ngắt cầu dao và thời gian chờ được chia sẻ với tiến trình khác</translation>
    </message>
    <message>
        <source>Shared state: down (%1); this process decides alone until it is back</source>
        <translation>Trạng thái chung: mất kết nối (%1); tiến trình này tự quyết định cho đến khi kết nối trở lại</translation>
    </message>
</context>
<context>
    <name>stormproof::EventLogPanel</name>
    <message>
        <source>No events yet: send a message.</source>
        <translation>Chưa có sự kiện nào: hãy gửi một tin nhắn.</translation>
    </message>
    <message>
        <source>Filter: trace id, target, class, event or conversation</source>
        <translation>Lọc: mã trace, đích, loại lỗi, sự kiện hoặc cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Select a row for its details below; double-click to open its chat message</source>
        <translation>Chọn một dòng để xem chi tiết bên dưới; nhấp đúp để mở tin nhắn tương ứng</translation>
    </message>
    <message>
        <source>Select an event to see all of it here.</source>
        <translation>Chọn một sự kiện để xem đầy đủ tại đây.</translation>
    </message>
    <message>
        <source>%1 events · %2 retries · %3 fallbacks · %4 breaker changes</source>
        <translation>%1 sự kiện · %2 lần thử lại · %3 lần dự phòng · %4 lần đổi trạng thái cầu dao</translation>
    </message>
    <message>
        <source>%1 of %2 events match “%3” · %4 retries · %5 fallbacks · %6 breaker changes</source>
        <translation>%1 trên %2 sự kiện khớp “%3” · %4 lần thử lại · %5 lần dự phòng · %6 lần đổi trạng thái cầu dao</translation>
    </message>
</context>
<context>
    <name>stormproof::EventTableModel</name>
    <message>
        <source>time</source>
        <translation>thời điểm</translation>
    </message>
    <message>
        <source>event</source>
        <translation>sự kiện</translation>
    </message>
    <message>
        <source>target</source>
        <translation>đích</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>status</source>
        <translation>mã</translation>
    </message>
    <message>
        <source>class</source>
        <translation>loại lỗi</translation>
    </message>
    <message>
        <source>wait</source>
        <translation>chờ</translation>
    </message>
    <message>
        <source>why</source>
        <translation>lý do</translation>
    </message>
    <message>
        <source>trace</source>
        <translation>trace</translation>
    </message>
    <message>
        <source>caller</source>
        <translation>bên gọi</translation>
    </message>
    <message>
        <source>%1 — double-click to open its chat message</source>
        <translation>%1 — nhấp đúp để mở tin nhắn tương ứng</translation>
    </message>
</context>
<context>
    <name>stormproof::FallbackPage</name>
    <message>
        <source>Fallback chain</source>
        <translation>Chuỗi dự phòng</translation>
    </message>
    <message>
        <source>Requests go to the first target; when its retries, breaker or the server&apos;s hints say give up, the next one takes over. Drag to reorder.</source>
        <translation>Yêu cầu được gửi tới đích đầu tiên; khi số lần thử lại, cầu dao hoặc gợi ý của máy chủ báo nên bỏ cuộc, đích kế tiếp sẽ tiếp quản. Kéo thả để sắp xếp lại.</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Lên trên</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Xuống dưới</translation>
    </message>
</context>
<context>
    <name>stormproof::GatewayPanel</name>
    <message>
        <source>Point any application&apos;s OpenAI or Anthropic SDK at this address: its calls go through this window&apos;s policy (retries, fallbacks, breakers) and show on the dashboard and in the event log, labelled with the application&apos;s User-Agent. Listens on 127.0.0.1 only; every request must carry the token.</source>
        <translation>Trỏ SDK OpenAI hoặc Anthropic của bất kỳ ứng dụng nào vào địa chỉ này: các lệnh gọi của nó sẽ đi qua chính sách của cửa sổ này (thử lại, dự phòng, cầu dao) và hiện trên bảng theo dõi cũng như trong nhật ký sự kiện, gắn nhãn theo User-Agent của ứng dụng. Chỉ lắng nghe trên 127.0.0.1; mọi yêu cầu phải mang token truy cập.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>cổng trống bất kỳ</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>Khởi động cổng API</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>chưa chạy</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL gốc</translation>
    </message>
    <message>
        <source>made afresh at every start</source>
        <translation>tạo mới mỗi lần khởi động</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token truy cập</translation>
    </message>
    <message>
        <source>Copy this example</source>
        <translation>Sao chép ví dụ này</translation>
    </message>
    <message>
        <source>Could not start the gateway: %1</source>
        <translation>Không khởi động được cổng API: %1</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>Dừng cổng API</translation>
    </message>
    <message>
        <source>Listening on %1 — %2 in flight, %3 answered</source>
        <translation>Đang lắng nghe tại %1 — %2 đang chạy, %3 đã trả lời</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 yêu cầu</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 yêu cầu</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <translation> (từ %1)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Đã dừng.</translation>
    </message>
    <message>
        <source>TOKEN-SHOWN-AFTER-START</source>
        <translation>TOKEN-CO-SAU-KHI-KHOI-DONG</translation>
    </message>
    <message>
        <source>Serve Prometheus metrics on 127.0.0.1, port</source>
        <translation>Cung cấp số liệu Prometheus trên 127.0.0.1, cổng</translation>
    </message>
    <message>
        <source>Could not serve metrics: %1</source>
        <translation>Không cung cấp được số liệu: %1</translation>
    </message>
</context>
<context>
    <name>stormproof::HedgingPage</name>
    <message>
        <source>Hedging</source>
        <translation>Gửi song song (hedging)</translation>
    </message>
    <message>
        <source>With no first token after the delay, the next target is raced; the first to answer wins and the other is cancelled. Faster tails, but a hedge can double the tokens paid for a slow request.</source>
        <translation>Nếu sau khoảng chờ vẫn chưa có token đầu tiên, đích kế tiếp được gửi song song; bên trả lời trước thắng và bên kia bị hủy. Giảm độ trễ ở phần đuôi, nhưng một yêu cầu song song có thể làm gấp đôi số token phải trả cho một yêu cầu chậm.</translation>
    </message>
</context>
<context>
    <name>stormproof::LoadPanel</name>
    <message>
        <source>Load:</source>
        <translation>Tải thử:</translation>
    </message>
    <message>
        <source> requests</source>
        <translation> yêu cầu</translation>
    </message>
    <message>
        <source>concurrency </source>
        <translation>đồng thời </translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>%1 requests: %2 ok, %3 failed, %4 attempts (%5 retries, %6 fallbacks), p50 %7 ms, p95 %8 ms</source>
        <translation>%1 yêu cầu: %2 thành công, %3 thất bại, %4 lần thử (%5 lần thử lại, %6 lần dự phòng), p50 %7 ms, p95 %8 ms</translation>
    </message>
</context>
<context>
    <name>stormproof::MainWindow</name>
    <message>
        <source>Stormproof</source>
        <translation>Stormproof</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>Resilience dashboard</source>
        <translation>Bảng theo dõi khả năng chịu lỗi</translation>
    </message>
    <message>
        <source>Stopped: the queued message was not sent; it is back in the box.</source>
        <translation>Đã dừng: tin nhắn đang xếp hàng chưa được gửi; nó đã quay lại ô soạn.</translation>
    </message>
    <message>
        <source>Waiting for the model… (Esc stops)</source>
        <translation>Đang chờ mô hình… (Esc để dừng)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Sẵn sàng</translation>
    </message>
    <message numerus="yes">
        <source>%n reply(s) cut off when Stormproof last stopped were kept, marked as partial.</source>
        <translation>
            <numerusform>%n câu trả lời bị cắt ngang khi Stormproof dừng lần trước đã được giữ lại, đánh dấu là chưa trọn vẹn.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Cuộc trò chuyện mới</translation>
    </message>
    <message>
        <source>&amp;Export chat…</source>
        <translation>&amp;Xuất cuộc trò chuyện…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>Trò &amp;chuyện</translation>
    </message>
    <message>
        <source>&amp;Regenerate reply</source>
        <translation>Tạo &amp;lại câu trả lời</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Edit last message</source>
        <translation>&amp;Sửa tin nhắn cuối</translation>
    </message>
    <message>
        <source>Ctrl+Up</source>
        <translation>Ctrl+Up</translation>
    </message>
    <message>
        <source>S&amp;top reply</source>
        <translation>&amp;Dừng câu trả lời</translation>
    </message>
    <message>
        <source>Esc, in the chat</source>
        <translation>Esc, trong cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Searc&amp;h chats</source>
        <translation>&amp;Tìm cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Chat &amp;settings…</source>
        <translation>Cài đặt &amp;trò chuyện…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Bảng theo dõi</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Sự kiện</translation>
    </message>
    <message>
        <source>&amp;Bigger text</source>
        <translation>Chữ &amp;to hơn</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Chữ &amp;nhỏ hơn</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>Cỡ &amp;gốc</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Phím tắt</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Enter: send (Shift+Enter: new line; Settings &gt; Appearance can make it Ctrl+Enter)
Esc in the chat: stop the reply
Ctrl+N: new chat
Ctrl+K: search chats
Ctrl+R: regenerate
Ctrl+Up: edit your last message
Ctrl+E: export the chat
Ctrl+,: settings
F9: dashboard
F10: event log
Ctrl++ / Ctrl+- / Ctrl+0: text size
Ctrl+Q: quit</source>
        <translation>Enter: gửi (Shift+Enter: xuống dòng; Cài đặt &gt; Giao diện có thể đổi thành Ctrl+Enter)
Esc trong cuộc trò chuyện: dừng câu trả lời
Ctrl+N: cuộc trò chuyện mới
Ctrl+K: tìm cuộc trò chuyện
Ctrl+R: tạo lại
Ctrl+Up: sửa tin nhắn cuối của bạn
Ctrl+E: xuất cuộc trò chuyện
Ctrl+,: cài đặt
F9: bảng theo dõi
F10: nhật ký sự kiện
Ctrl++ / Ctrl+- / Ctrl+0: cỡ chữ
Ctrl+Q: thoát</translation>
    </message>
    <message>
        <source>&amp;About Stormproof</source>
        <translation>&amp;Giới thiệu Stormproof</translation>
    </message>
    <message>
        <source>About Stormproof</source>
        <translation>Giới thiệu Stormproof</translation>
    </message>
    <message>
        <source>Stormproof: an LLM playground whose client keeps calls alive through rate limits, overloads, timeouts and cut streams, and shows every attempt.</source>
        <translation>Stormproof: sân chơi LLM có client giữ cho lệnh gọi sống sót qua giới hạn tốc độ, quá tải, hết thời gian chờ và luồng bị cắt, đồng thời hiện rõ từng lần thử.</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Trò chuyện</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Tạo lại</translation>
    </message>
    <message>
        <source>Edit last</source>
        <translation>Sửa tin cuối</translation>
    </message>
    <message>
        <source>No chat message has trace %1 (load-test requests have none).</source>
        <translation>Không tin nhắn nào có trace %1 (yêu cầu tải thử không có tin nhắn).</translation>
    </message>
    <message>
        <source>Could not save the settings: %1</source>
        <translation>Không lưu được cài đặt: %1</translation>
    </message>
    <message>
        <source>The settings are in force but could not be saved: %1</source>
        <translation>Cài đặt đã có hiệu lực nhưng không lưu được: %1</translation>
    </message>
    <message>
        <source>Settings applied and saved.</source>
        <translation>Đã áp dụng và lưu cài đặt.</translation>
    </message>
    <message>
        <source>Text size %1%</source>
        <translation>Cỡ chữ %1%</translation>
    </message>
    <message>
        <source>No chat is open.</source>
        <translation>Chưa mở cuộc trò chuyện nào.</translation>
    </message>
    <message>
        <source>Chat exported to %1</source>
        <translation>Đã xuất cuộc trò chuyện ra %1</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>Xuất cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Xuất thất bại</translation>
    </message>
    <message>
        <source>Could not write the export: %1</source>
        <translation>Không ghi được tệp xuất: %1</translation>
    </message>
    <message>
        <source>C&amp;ompare targets…</source>
        <translation>&amp;So sánh các đích…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>A reply is still coming: compare when it has ended.</source>
        <translation>Câu trả lời vẫn đang đến: hãy so sánh khi nó đã xong.</translation>
    </message>
    <message>
        <source>%1 · policy B</source>
        <translation>%1 · chính sách B</translation>
    </message>
    <message>
        <source>A compare needs a prompt and %1 to %2 columns.</source>
        <translation>Một lần so sánh cần có lời nhắc và từ %1 đến %2 cột.</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
</context>
<context>
    <name>stormproof::MessageWidget</name>
    <message>
        <source>Assistant</source>
        <translation>Trợ lý</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Bạn</translation>
    </message>
    <message>
        <source>Previous answer</source>
        <translation>Câu trả lời trước</translation>
    </message>
    <message>
        <source>Next answer</source>
        <translation>Câu trả lời sau</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Copy the message&apos;s text</source>
        <translation>Sao chép nội dung tin nhắn</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <source>Edit in place: nothing changes until you save</source>
        <translation>Sửa tại chỗ: chưa có gì thay đổi cho đến khi bạn lưu</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete this message</source>
        <translation>Xóa tin nhắn này</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Tạo lại</translation>
    </message>
    <message>
        <source>Ask again from here: this answer is kept as an earlier version</source>
        <translation>Hỏi lại từ đây: câu trả lời này được giữ làm phiên bản cũ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save and ask again</source>
        <translation>Lưu và hỏi lại</translation>
    </message>
    <message>
        <source>Save the edit and get a new answer to it (the old answer is kept as a version)</source>
        <translation>Lưu chỗ sửa và nhận câu trả lời mới (câu trả lời cũ được giữ làm một phiên bản)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Copy code %1</source>
        <translation>Sao chép mã %1</translation>
    </message>
    <message>
        <source>The model&apos;s reasoning before its answer (not part of the answer)</source>
        <translation>Phần suy luận của mô hình trước câu trả lời (không thuộc câu trả lời)</translation>
    </message>
    <message>
        <source>Reasoning…</source>
        <translation>Đang suy luận…</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Suy luận</translation>
    </message>
</context>
<context>
    <name>stormproof::PolicyForm</name>
    <message>
        <source>(default)</source>
        <translation>(mặc định)</translation>
    </message>
</context>
<context>
    <name>stormproof::PreviewPanel</name>
    <message>
        <source>Preview: %1 requests at 4/s, %2 under &quot;%3&quot;%4</source>
        <translation>Xem trước: %1 yêu cầu với tốc độ 4/giây, %2 theo kịch bản &quot;%3&quot;%4</translation>
    </message>
    <message>
        <source>, the rest of the chain behind it</source>
        <translation>, phần còn lại của chuỗi phía sau</translation>
    </message>
    <message>
        <source>Breaker of the first target over the run</source>
        <translation>Cầu dao của đích đầu tiên trong suốt lượt chạy</translation>
    </message>
    <message>
        <source>Retries the budget refused, per 5 s</source>
        <translation>Số lần thử lại bị ngân sách từ chối, mỗi 5 giây</translation>
    </message>
    <message>
        <source>Requests the deadline cut, per 5 s</source>
        <translation>Số yêu cầu bị hạn chót cắt, mỗi 5 giây</translation>
    </message>
    <message>
        <source>Wait before each attempt (p10 · p50 · p90)</source>
        <translation>Thời gian chờ trước mỗi lần thử (p10 · p50 · p90)</translation>
    </message>
    <message>
        <source>retries refused</source>
        <translation>lần thử lại bị từ chối</translation>
    </message>
    <message>
        <source>requests cut</source>
        <translation>yêu cầu bị cắt</translation>
    </message>
    <message>
        <source>attempt</source>
        <translation>lần thử</translation>
    </message>
    <message>
        <source>wait (ms)</source>
        <translation>chờ (ms)</translation>
    </message>
    <message>
        <source>in force, p50</source>
        <translation>đang áp dụng, p50</translation>
    </message>
    <message>
        <source>edited, p10</source>
        <translation>đã sửa, p10</translation>
    </message>
    <message>
        <source>edited, p50</source>
        <translation>đã sửa, p50</translation>
    </message>
    <message>
        <source>edited, p90</source>
        <translation>đã sửa, p90</translation>
    </message>
    <message>
        <source>seconds into the run</source>
        <translation>giây kể từ đầu lượt chạy</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>đóng</translation>
    </message>
    <message>
        <source>half-open</source>
        <translation>nửa mở</translation>
    </message>
    <message>
        <source>open</source>
        <translation>mở</translation>
    </message>
    <message>
        <source> (breaker off)</source>
        <translation> (tắt cầu dao)</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>đang áp dụng</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>đã sửa</translation>
    </message>
    <message>
        <source>%1: %2 in all</source>
        <translation>%1: tổng cộng %2</translation>
    </message>
    <message>
        <source>succeed</source>
        <translation>thành công</translation>
    </message>
    <message>
        <source>…by a fallback</source>
        <translation>…nhờ dự phòng</translation>
    </message>
    <message>
        <source>latency p50</source>
        <translation>độ trễ p50</translation>
    </message>
    <message>
        <source>latency p95</source>
        <translation>độ trễ p95</translation>
    </message>
    <message>
        <source>attempts per request</source>
        <translation>số lần thử mỗi yêu cầu</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>chi phí</translation>
    </message>
    <message>
        <source>cut by the deadline</source>
        <translation>bị hạn chót cắt</translation>
    </message>
    <message>
        <source>Edited policy&apos;s failures: %1</source>
        <translation>Lỗi của chính sách đã sửa: %1</translation>
    </message>
</context>
<context>
    <name>stormproof::PriceTableDialog</name>
    <message>
        <source>Model prices</source>
        <translation>Giá mô hình</translation>
    </message>
    <message>
        <source>USD per million tokens. A match ending in * is a prefix; the longest match wins. The dashboard&apos;s cost estimate uses these rates from the next request on.
Saved to %1</source>
        <translation>USD cho mỗi triệu token. Mẫu kết thúc bằng * là tiền tố; mẫu khớp dài nhất được chọn. Ước tính chi phí trên bảng theo dõi dùng mức giá này từ yêu cầu kế tiếp.
Lưu tại %1</translation>
    </message>
    <message>
        <source>model or prefix*</source>
        <translation>mô hình hoặc tiền tố*</translation>
    </message>
    <message>
        <source>input $/M</source>
        <translation>đầu vào $/triệu</translation>
    </message>
    <message>
        <source>output $/M</source>
        <translation>đầu ra $/triệu</translation>
    </message>
    <message>
        <source>note</source>
        <translation>ghi chú</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa bỏ</translation>
    </message>
    <message>
        <source>row %1, </source>
        <translation>dòng %1, </translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Không lưu được: %1</translation>
    </message>
</context>
<context>
    <name>stormproof::ResilienceRibbon</name>
    <message>
        <source>Retry now</source>
        <translation>Thử lại ngay</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> (fallback)</source>
        <translation> (dự phòng)</translation>
    </message>
    <message>
        <source>TTFT %1</source>
        <translation>TTFT %1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>tổng %1</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>đang gửi…</translation>
    </message>
    <message>
        <source>trace %1</source>
        <translation>trace %1</translation>
    </message>
    <message>
        <source>1 attempt</source>
        <translation>1 lần thử</translation>
    </message>
    <message>
        <source>%1 attempts</source>
        <translation>%1 lần thử</translation>
    </message>
    <message>
        <source>Show every attempt: status, class, wait and its source</source>
        <translation>Hiện mọi lần thử: mã trạng thái, loại lỗi, thời gian chờ và nguồn của nó</translation>
    </message>
    <message>
        <source>retrying in %1 — %2, %3 — attempt %4 of %5</source>
        <translation>thử lại sau %1 — %2, %3 — lần thử %4 trên %5</translation>
    </message>
</context>
<context>
    <name>stormproof::RetryPage</name>
    <message>
        <source>Retry and backoff</source>
        <translation>Thử lại và giãn cách</translation>
    </message>
    <message>
        <source>Attempts count per target, the first try included; each fallback target gets its own. The wait before a retry follows the curve below unless the server says how long to wait.</source>
        <translation>Số lần thử tính theo từng đích, kể cả lần đầu; mỗi đích dự phòng có lượt riêng. Thời gian chờ trước mỗi lần thử lại theo đường cong bên dưới, trừ khi máy chủ cho biết phải chờ bao lâu.</translation>
    </message>
</context>
<context>
    <name>stormproof::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Nhập…</translation>
    </message>
    <message>
        <source>Export as…</source>
        <translation>Xuất thành…</translation>
    </message>
    <message>
        <source>Import a policy file</source>
        <translation>Nhập tệp chính sách</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>Tệp chính sách (*.json)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <source>Not imported — %1</source>
        <translation>Chưa nhập — %1</translation>
    </message>
    <message>
        <source>Fix the settings first:
%1</source>
        <translation>Hãy sửa cài đặt trước:
%1</translation>
    </message>
    <message>
        <source>unknown export kind %1</source>
        <translation>không rõ kiểu xuất %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Saved %1.

What this format cannot express:
%2</source>
        <translation>Đã lưu %1.

Những gì định dạng này không diễn tả được:
%2</translation>
    </message>
    <message>
        <source>Stormproof policy file…</source>
        <translation>Tệp chính sách Stormproof…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>LiteLLM router settings…</source>
        <translation>Cài đặt router LiteLLM…</translation>
    </message>
    <message>
        <source>YAML (*.yaml)</source>
        <translation>YAML (*.yaml)</translation>
    </message>
    <message>
        <source>Portkey config…</source>
        <translation>Cấu hình Portkey…</translation>
    </message>
</context>
<context>
    <name>stormproof::SimulatorPage</name>
    <message>
        <source>Simulator and scenarios</source>
        <translation>Trình mô phỏng và kịch bản</translation>
    </message>
    <message>
        <source>The built-in simulator plays a scenario: a reply shape, a rate limit, and faults with their probabilities, in phases over time. The preview beside the retry, breaker, budget and deadline pages plays the one chosen here.</source>
        <translation>Trình mô phỏng tích hợp chạy một kịch bản: dạng câu trả lời, giới hạn tốc độ và các lỗi kèm xác suất, theo từng giai đoạn. Phần xem trước bên cạnh các trang thử lại, cầu dao, ngân sách và hạn chót chạy kịch bản được chọn ở đây.</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Kịch bản</translation>
    </message>
    <message>
        <source>Save as new scenario…</source>
        <translation>Lưu thành kịch bản mới…</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>Lưu kịch bản</translation>
    </message>
    <message>
        <source>Name (letters, digits, -):</source>
        <translation>Tên (chữ cái, chữ số, -):</translation>
    </message>
    <message>
        <source>Saved: %1 is now offered in the toolbar.</source>
        <translation>Đã lưu: %1 giờ đã có trên thanh công cụ.</translation>
    </message>
    <message>
        <source>A scenario name is letters, digits and dashes, got &quot;%1&quot;</source>
        <translation>Tên kịch bản chỉ gồm chữ cái, chữ số và dấu gạch ngang, nhận được &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The scenario has errors: %1</source>
        <translation>Kịch bản có lỗi: %1</translation>
    </message>
    <message>
        <source>No profile directory to save into</source>
        <translation>Không có thư mục hồ sơ để lưu vào</translation>
    </message>
</context>
<context>
    <name>stormproof::StreamingPage</name>
    <message>
        <source>Streaming</source>
        <translation>Truyền luồng (streaming)</translation>
    </message>
    <message>
        <source>fail: keep the partial text on screen, marked, with the error -- nothing is paid for twice.
restart: discard it and ask again from the start (the whole reply is paid again).
continue: send the partial text as the start of the answer and let the next attempt go on.</source>
        <translation>fail: giữ phần chữ dở dang trên màn hình, có đánh dấu, kèm lỗi -- không trả tiền hai lần cho thứ gì.
restart: bỏ phần đó và hỏi lại từ đầu (trả tiền lại cho cả câu trả lời).
continue: gửi phần chữ dở dang làm phần mở đầu câu trả lời để lần thử kế tiếp viết tiếp.</translation>
    </message>
</context>
<context>
    <name>stormproof::TargetTiles</name>
    <message>
        <source>target</source>
        <translation>đích</translation>
    </message>
    <message>
        <source>breaker</source>
        <translation>cầu dao</translation>
    </message>
    <message>
        <source>attempts</source>
        <translation>lần thử</translation>
    </message>
    <message>
        <source>error %</source>
        <translation>lỗi %</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p90 ms</source>
        <translation>p90 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>TTFT p50</source>
        <translation>TTFT p50</translation>
    </message>
    <message>
        <source>headroom</source>
        <translation>dư địa</translation>
    </message>
    <message>
        <source>trend</source>
        <translation>xu hướng</translation>
    </message>
    <message>
        <source>Right-click a target to force its breaker open or closed</source>
        <translation>Nhấp chuột phải vào một đích để buộc cầu dao của nó mở hoặc đóng</translation>
    </message>
    <message>
        <source>Force open</source>
        <translation>Buộc mở</translation>
    </message>
    <message>
        <source>Force closed</source>
        <translation>Buộc đóng</translation>
    </message>
    <message>
        <source>Back to automatic</source>
        <translation>Trở lại tự động</translation>
    </message>
    <message>
        <source>%1/%2 req</source>
        <translation>%1/%2 yêu cầu</translation>
    </message>
</context>
<context>
    <name>stormproof::TargetsPage</name>
    <message>
        <source>Targets and keys</source>
        <translation>Đích và khóa</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>Thêm đích</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa bỏ</translation>
    </message>
    <message>
        <source>No targets: add one.</source>
        <translation>Chưa có đích nào: hãy thêm một đích.</translation>
    </message>
    <message>
        <source>&lt;b&gt;API keys&lt;/b&gt; (tried in order; a refused or limited key moves to the next)</source>
        <translation>&lt;b&gt;Khóa API&lt;/b&gt; (thử lần lượt; khóa bị từ chối hoặc bị giới hạn sẽ chuyển sang khóa kế tiếp)</translation>
    </message>
    <message>
        <source>Add environment variable…</source>
        <translation>Thêm biến môi trường…</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Khóa API</translation>
    </message>
    <message>
        <source>Environment variable holding the key:</source>
        <translation>Biến môi trường chứa khóa:</translation>
    </message>
    <message>
        <source>Add key…</source>
        <translation>Thêm khóa…</translation>
    </message>
    <message>
        <source>A name for this key:</source>
        <translation>Tên cho khóa này:</translation>
    </message>
    <message>
        <source>The key (masked; never written to a file):</source>
        <translation>Khóa (được che; không bao giờ ghi ra tệp):</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>Xóa khóa</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>The scenario named by the model (sim-NAME), else healthy</source>
        <translation>Kịch bản được đặt theo tên mô hình (sim-TÊN), nếu không thì healthy</translation>
    </message>
    <message>
        <source>Only simulator targets play a scenario; this target&apos;s provider is %1.</source>
        <translation>Chỉ đích mô phỏng mới chạy kịch bản; nhà cung cấp của đích này là %1.</translation>
    </message>
    <message>
        <source>environment variable %1</source>
        <translation>biến môi trường %1</translation>
    </message>
    <message>
        <source>key &quot;%1&quot; ••••••••%2</source>
        <translation>khóa &quot;%1&quot; ••••••••%2</translation>
    </message>
    <message>
        <source>  (not set)</source>
        <translation>  (chưa đặt)</translation>
    </message>
    <message>
        <source>Keys can only come from environment variables in this build.</source>
        <translation>Trong bản dựng này, khóa chỉ có thể lấy từ biến môi trường.</translation>
    </message>
    <message>
        <source>Key &quot;%1&quot; saved in the desktop keyring.</source>
        <translation>Đã lưu khóa &quot;%1&quot; vào kho khóa của máy.</translation>
    </message>
    <message>
        <source>%1. Key &quot;%2&quot; is held for this session only and will be gone when Stormproof quits; for a key that lasts, use an environment variable.</source>
        <translation>%1. Khóa &quot;%2&quot; chỉ được giữ trong phiên này và sẽ mất khi thoát Stormproof; để khóa được lưu lâu dài, hãy dùng biến môi trường.</translation>
    </message>
    <message>
        <source>Keys: environment variables only.</source>
        <translation>Khóa: chỉ từ biến môi trường.</translation>
    </message>
    <message>
        <source>Keys you add are kept in the desktop keyring; they never appear in a file or a log.</source>
        <translation>Khóa bạn thêm được giữ trong kho khóa của máy; chúng không bao giờ xuất hiện trong tệp hay nhật ký.</translation>
    </message>
    <message>
        <source>%1: keys you add here are kept for this session only, never written to disk. For keys that last, name an environment variable.</source>
        <translation>%1: khóa bạn thêm ở đây chỉ được giữ trong phiên này, không bao giờ ghi ra đĩa. Để khóa được lưu lâu dài, hãy chỉ định một biến môi trường.</translation>
    </message>
    <message>
        <source>Fix the settings first: %1</source>
        <translation>Hãy sửa cài đặt trước: %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Đang kết nối tới %1…</translation>
    </message>
    <message>
        <source>Add from preset…</source>
        <translation>Thêm từ mẫu có sẵn…</translation>
    </message>
    <message>
        <source>A provider&apos;s base URL, key header and key variable, filled in for you</source>
        <translation>URL gốc, header chứa khóa và biến chứa khóa của nhà cung cấp, được điền sẵn cho bạn</translation>
    </message>
    <message>
        <source>The provider presets could not be read: %1</source>
        <translation>Không đọc được các mẫu nhà cung cấp: %1</translation>
    </message>
    <message>
        <source>Added from the %1 preset (source: %2).</source>
        <translation>Đã thêm từ mẫu %1 (nguồn: %2).</translation>
    </message>
    <message>
        <source>Replace the {…} part of the base URL with your own.</source>
        <translation>Hãy thay phần {…} trong URL gốc bằng giá trị của bạn.</translation>
    </message>
    <message>
        <source>Set %1, or add the key to the keyring.</source>
        <translation>Hãy đặt %1, hoặc thêm khóa vào kho khóa.</translation>
    </message>
</context>
<context>
    <name>stormproof::TimeoutsPage</name>
    <message>
        <source>Timeouts and deadline</source>
        <translation>Thời gian chờ và hạn chót</translation>
    </message>
    <message>
        <source>Each attempt has four timeouts, clamped to what the request&apos;s deadline leaves. As the deadline nears, waits shrink and retries stop: the preview shows where it cuts.</source>
        <translation>Mỗi lần thử có bốn mức thời gian chờ, bị giới hạn bởi phần thời gian còn lại trước hạn chót của yêu cầu. Khi hạn chót đến gần, thời gian chờ rút ngắn và việc thử lại dừng: phần xem trước cho thấy chỗ bị cắt.</translation>
    </message>
</context>
<context>
    <name>stormproof::WaterfallWidget</name>
    <message>
        <source>Click a reply&apos;s trace link to see its attempts and waits here.</source>
        <translation>Nhấp vào liên kết trace của một câu trả lời để xem các lần thử và thời gian chờ của nó tại đây.</translation>
    </message>
    <message>
        <source>wait %1 ms (%2)</source>
        <translation>chờ %1 ms (%2)</translation>
    </message>
    <message>
        <source>Trace %1: %2 attempt(s) over %3 ms</source>
        <translation>Trace %1: %2 lần thử trong %3 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
</context>
</TS>
