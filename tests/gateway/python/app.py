#!/usr/bin/env python3
"""A small chat app that knows nothing of Stormproof: it talks to an OpenAI-compatible API with httpx, at the
base URL in OPENAI_BASE_URL (https://api.openai.com/v1 when unset), with the key in OPENAI_API_KEY. Pointing it at
stormproof-gateway changes only that URL.

    app.py SECONDS   -- for that long, one chat (JSON) then one streamed chat, over and over

One JSON line per reply on stdout: {"i", "mode", "ok", "text", "error"}. Exit status 0 when every reply arrived
whole (JSON: finish_reason "stop"; stream: a finish_reason and [DONE]), 1 otherwise.
"""
import json
import os
import sys
import time

import httpx

BASE_URL = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")
API_KEY = os.environ.get("OPENAI_API_KEY", "")
MODEL = os.environ.get("APP_MODEL", "gpt-4o-mini")


def chat(client, prompt):
    r = client.post(f"{BASE_URL}/chat/completions",
                    json={"model": MODEL, "messages": [{"role": "user", "content": prompt}]})
    r.raise_for_status()
    choice = r.json()["choices"][0]
    if choice["finish_reason"] != "stop":
        raise RuntimeError(f"finish_reason {choice['finish_reason']}")
    return choice["message"]["content"]


def chat_stream(client, prompt):
    text, finish, done = "", None, False
    with client.stream("POST", f"{BASE_URL}/chat/completions",
                       json={"model": MODEL, "stream": True,
                             "messages": [{"role": "user", "content": prompt}]}) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                done = True
                break
            chunk = json.loads(data)
            if "error" in chunk:
                raise RuntimeError(f"stream error: {chunk['error']}")
            for c in chunk.get("choices", []):
                text += (c.get("delta") or {}).get("content") or ""
                finish = c.get("finish_reason") or finish
    if not done or not finish:
        raise RuntimeError(f"the stream ended without [DONE] and a finish_reason ({len(text)} characters)")
    return text


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
    failures = 0
    end = time.monotonic() + seconds
    i = 0
    with httpx.Client(headers={"Authorization": f"Bearer {API_KEY}", "User-Agent": "tiny-chat-app/1.0"},
                      timeout=120) as client:
        while time.monotonic() < end:
            for mode, call in (("json", chat), ("stream", chat_stream)):
                prompt = f"App question {i}: how do retries help?"
                try:
                    text, ok, error = call(client, prompt), True, ""
                except Exception as e:  # noqa: BLE001 - the app reports every failure and carries on
                    text, ok, error = "", False, f"{type(e).__name__}: {e}"
                    failures += 1
                print(json.dumps({"i": i, "mode": mode, "ok": ok, "text": text, "error": error}), flush=True)
            i += 1
            time.sleep(0.2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
