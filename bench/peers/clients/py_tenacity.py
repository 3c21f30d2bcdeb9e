# tenacity as the mission shows it: @retry(wait=wait_exponential(multiplier=1, min=1, max=60),
# stop=stop_after_attempt(5), retry=retry_if_exception_type(...)) on an async function (tenacity wraps
# coroutines itself), around the OpenAI-SDK-shaped httpx call of py_common.py. wait_exponential has no jitter
# and does not read Retry-After. After the fifth attempt it raises its RetryError (around the last error). In the
# same-policy set, the fallback target after the primary gives up; in the defaults set no fallback and
# httpx.AsyncClient() as is.
from tenacity import RetryError, retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from py_common import (APIConnectionError, APITimeoutError, InternalServerError, RateLimitError,
                       create_chat_completion, read_config, run_load, targets)

config, out_path = read_config()
RETRYABLE = (RateLimitError, APITimeoutError, APIConnectionError, InternalServerError)


@retry(
    wait=wait_exponential(multiplier=1, min=1, max=60),
    stop=stop_after_attempt(5),
    retry=retry_if_exception_type(RETRYABLE),
)
async def chat(client, model, index):
    return await create_chat_completion(client, config, model, index)


def make_call(client):
    async def call(index):
        models = targets(config)
        for i, model in enumerate(models):
            try:
                return await chat(client, model, index)
            except (RetryError, *RETRYABLE):
                if i == len(models) - 1:
                    raise
    return call


run_load(config, out_path, make_call)
