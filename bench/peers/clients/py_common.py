# What the Python peers of the benchmark share (the twin of common.mjs): the same prompts as stormproof-cli
# load, the same arrival pattern (C asyncio workers; with a rate, request n starts no earlier than n / rate s
# after the first), the same record per request, and a chat call over httpx.AsyncClient that fails the way the
# official OpenAI Python SDK (openai-python 1.x, openai/_exceptions.py) fails: a RateLimitError on 429, an
# InternalServerError on 5xx, an APITimeoutError on a timeout, an APIConnectionError when the connection fails
# before an answer; a stream that breaks after its head raises httpx's own error, unwrapped, as the SDK's
# Stream does. The SDK itself is not in Debian; these are the shapes the mission's code catches.
#
# Run with Debian's /usr/bin/python3 (python3-httpx 0.23, python3-tenacity 8.2, python3-backoff 2.2).
import asyncio
import json
import resource
import sys
import time

import httpx


def prompt_for(index):
    # LoadRunner::prompt_for: the simulator's reply depends on the prompt, so each request gets its own.
    return f"Load request {index}: say a few words about resilience."


def read_config():
    if len(sys.argv) != 3:
        print("usage: python3 CLIENT.py CONFIG.json OUT.json", file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f), sys.argv[2]


# --- openai-python's exception hierarchy (the attributes it has; notably no retry_after) ----------------------


class APIError(Exception):
    def __init__(self, message, request, *, body=None):
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIStatusError(APIError):
    def __init__(self, message, *, response, body=None):
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class APIConnectionError(APIError):
    def __init__(self, *, message="Connection error.", request):
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    def __init__(self, request):
        super().__init__(message="Request timed out.", request=request)


_STATUS_ERRORS = {400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError,
                  404: NotFoundError, 409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError}


def _status_error(response, body_text):
    try:
        body = json.loads(body_text)
    except ValueError:
        body = None
    message = f"Error code: {response.status_code} - {body if body is not None else body_text}"
    cls = _STATUS_ERRORS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)


# What the retry decorators of the mission's code are told to retry: rate limits, server errors, timeouts and
# connection failures (openai-python's own retry set, less 408/409, which the mission's code does not name).
RETRYABLE = (RateLimitError, InternalServerError, APITimeoutError, APIConnectionError)


class Counters:
    # Failures that carried a server hint (retry-after-ms or retry-after): how many the peer could have obeyed.
    hinted_errors = 0


def _raise_for(response, body_text):
    error = _status_error(response, body_text)
    if "retry-after-ms" in response.headers or "retry-after" in response.headers:
        Counters.hinted_errors += 1
    raise error


async def create_chat_completion(client, config, model, index):
    """POST /chat/completions as openai-python's chat.completions.create does; returns the reply's text."""
    url = f"{config['base_url']}/chat/completions"
    headers = {"Authorization": f"Bearer {config['api_key']}"}
    body = {"model": model, "messages": [{"role": "user", "content": prompt_for(index)}]}
    if config["stream"]:
        body["stream"] = True
    request = client.build_request("POST", url, headers=headers, json=body)
    try:
        response = await client.send(request, stream=True)
    except httpx.TimeoutException as e:
        raise APITimeoutError(request) from e
    except httpx.TransportError as e:
        raise APIConnectionError(request=request) from e
    try:
        if response.status_code >= 400:
            try:
                text = (await response.aread()).decode("utf-8", "replace")
            except httpx.TimeoutException as e:
                raise APITimeoutError(request) from e
            except httpx.TransportError as e:
                raise APIConnectionError(request=request) from e
            _raise_for(response, text)
        if not config["stream"]:
            try:
                data = json.loads(await response.aread())
            except httpx.TimeoutException as e:
                raise APITimeoutError(request) from e
            except httpx.TransportError as e:
                raise APIConnectionError(request=request) from e
            return data["choices"][0]["message"].get("content") or ""
        # The SDK's Stream: server-sent events until [DONE]; a connection that breaks raises httpx's error.
        text = []
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                break
            chunk = json.loads(data)
            if chunk.get("error"):
                raise APIError(str(chunk["error"]), request, body=chunk["error"])
            choices = chunk.get("choices") or [{}]
            text.append((choices[0].get("delta") or {}).get("content") or "")
        return "".join(text)
    finally:
        await response.aclose()


def new_client(config):
    """The same-policy set: a 60 s timeout as the Node peers get; the defaults set: httpx.AsyncClient() as is
    (5 s timeout, at most 100 connections)."""
    if config.get("defaults"):
        return httpx.AsyncClient()
    return httpx.AsyncClient(timeout=60.0)


def targets(config):
    return [m for m in (config["primary_model"], config.get("fallback_model")) if m]


def describe_error(error):
    last = getattr(error, "last_attempt", None)  # tenacity's RetryError: describe the error inside it
    if last is not None and last.failed:
        error = last.exception()
    status = getattr(error, "status_code", None)
    return f"http_{status}" if status else type(error).__name__


async def _run_load(config, call):
    requests, concurrency, rate = config["requests"], config["concurrency"], config.get("rate_per_s") or 0
    replies = [None] * requests
    next_index = 0
    t0 = time.perf_counter()

    async def worker():
        nonlocal next_index
        while True:
            index = next_index
            next_index += 1
            if index >= requests:
                return
            if rate > 0:
                wait = t0 + index / rate - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            started_unix_ms = int(time.time() * 1000)
            start = time.perf_counter()
            ok, text, error_class = False, "", ""
            try:
                text = await call(index)
                ok = True
            except Exception as error:  # every failure is a record, as in common.mjs
                error_class = describe_error(error)
            replies[index] = {"index": index, "started_unix_ms": started_unix_ms, "ok": ok, "text": text,
                              "error_class": error_class,
                              "total_ms": round((time.perf_counter() - start) * 1000)}

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return replies, (time.perf_counter() - t0) * 1000


def run_load(config, out_path, make_call, extra=None):
    """make_call(client) -> async call(index) returning the reply text (raising on failure). Writes OUT.json:
    {replies, cpu_ms, peak_rss_mb, wall_ms}; CPU counts the load only, not the interpreter's start."""

    async def main():
        async with new_client(config) as client:
            cpu_start = time.process_time()
            replies, wall_ms = await _run_load(config, make_call(client))
            return replies, wall_ms, (time.process_time() - cpu_start) * 1000

    replies, wall_ms, cpu_ms = asyncio.run(main())
    out = {"replies": replies, "wall_ms": round(wall_ms), "cpu_ms": round(cpu_ms),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 102.4) / 10,  # KiB
           "hinted_errors": Counters.hinted_errors}
    out.update(extra() if extra else {})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f)
