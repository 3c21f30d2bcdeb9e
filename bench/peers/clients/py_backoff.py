# backoff as the mission shows it: @backoff.on_exception(backoff.expo, (...), max_tries=5) on an async function,
# its default jitter (backoff.full_jitter: a wait drawn from 0 to 1, 2, 4, 8 s), around the OpenAI-SDK-shaped
# httpx call of py_common.py; it does not read Retry-After. In the same-policy set, the fallback target after the
# primary gives up; in the defaults set no fallback and httpx.AsyncClient() as is.
import backoff

from py_common import (APIConnectionError, APITimeoutError, InternalServerError, RateLimitError,
                       create_chat_completion, read_config, run_load, targets)

config, out_path = read_config()
RETRYABLE = (RateLimitError, APITimeoutError, APIConnectionError, InternalServerError)


@backoff.on_exception(backoff.expo, RETRYABLE, max_tries=5)
async def chat(client, model, index):
    return await create_chat_completion(client, config, model, index)


def make_call(client):
    async def call(index):
        models = targets(config)
        for i, model in enumerate(models):
            try:
                return await chat(client, model, index)
            except RETRYABLE:
                if i == len(models) - 1:
                    raise
    return call


run_load(config, out_path, make_call)
