# seed-recipe: the mission's own async retry_with_backoff, its logic as the mission gives it (5 attempts, base
# 1 s, cap 60 s, full jitter, and Retry-After read from the error object as the recipe reads it), around the
# OpenAI-SDK-shaped httpx call of py_common.py. Not fixed here: the recipe asks the exception for a
# `retry_after` attribute, which no openai-python error has (the header sits in e.response.headers), so it
# never sees the server's wait; the run counts how often it could have (hinted_errors) and how often it did
# (retry_after_seen). In the same-policy set, the fallback target after the primary gives up, as a reader would
# loop over models; in the defaults set no fallback and httpx.AsyncClient() as is.
import asyncio
import random

from py_common import (APIConnectionError, APITimeoutError, InternalServerError, RateLimitError,
                       create_chat_completion, read_config, run_load, targets)

retry_after_seen = 0  # bench: counts the recipe's Retry-After branch; not part of its logic


# --- the recipe, unchanged but for the counter line ----------------------------------------------------------
async def retry_with_backoff(func, *args, max_retries=5, base_delay=1.0, max_delay=60.0, **kwargs):
    """Retry an async call with exponential backoff and full jitter, respecting Retry-After."""
    global retry_after_seen
    for attempt in range(max_retries):
        try:
            return await func(*args, **kwargs)
        except (RateLimitError, APITimeoutError, APIConnectionError, InternalServerError) as e:
            if attempt == max_retries - 1:
                raise
            # Respect the server's Retry-After when it gives one
            retry_after = getattr(e, "retry_after", None)
            if retry_after:
                retry_after_seen += 1  # bench
                delay = float(retry_after)
            else:
                # Exponential backoff with full jitter
                delay = random.uniform(0, min(max_delay, base_delay * (2 ** attempt)))
            await asyncio.sleep(delay)
# ---------------------------------------------------------------------------------------------------------------


config, out_path = read_config()
RETRYABLE = (RateLimitError, APITimeoutError, APIConnectionError, InternalServerError)


def make_call(client):
    async def call(index):
        models = targets(config)
        for i, model in enumerate(models):
            try:
                return await retry_with_backoff(create_chat_completion, client, config, model, index)
            except RETRYABLE:
                if i == len(models) - 1:
                    raise
    return call


run_load(config, out_path, make_call, extra=lambda: {"retry_after_seen": retry_after_seen})
