#!/usr/bin/env python3
"""app.py, an httpx chat app that knows nothing of Stormproof, pointed at stormproof-gateway (only its base URL
changes) in front of stormproof-sim playing a built-in scenario. Both servers on 127.0.0.1, port 0.

    survives.py PATH/TO/stormproof-sim PATH/TO/stormproof-gateway flaky|outage-and-recovery

Passes (exit 0) when the app saw no failure, every reply it got is byte-identical to one the simulator sent whole
(the simulator's reply_sha, FNV-1a 64), the scenario really did fail attempts on the way, and the gateway's
event log names the app (its User-Agent) as the caller. Exit 1 otherwise, also when httpx is missing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import httpx  # noqa: F401 - app.py needs it; fail here, clearly, when Debian's python3-httpx is missing
except ImportError as e:
    print(f"FAIL: httpx is not installed (run scripts/setup: Debian's python3-httpx): {e}")
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
# How long the app runs per scenario: flaky is the same all the time; outage-and-recovery is healthy for 15 s,
# down for 20 s, degraded for 15 s (resources/scenarios/outage-and-recovery.json), so the app spans all of it.
SECONDS = {"flaky": 8, "outage-and-recovery": 52}
USER_AGENT = "tiny-chat-app/1.0"  # what app.py sends


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def start(args, env=None):
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"{args[0]} did not start: {line!r} {proc.stdout.read()[-2000:]}")
    return proc, m.group(1)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    sim_path, gateway_path, scenario = sys.argv[1:4]
    if scenario not in SECONDS:
        print(f"usage: survives.py SIM GATEWAY {'|'.join(SECONDS)}")
        return 2
    work_dir = tempfile.TemporaryDirectory(prefix="stormproof-gateway-py-")
    work = work_dir.name
    sim, sim_url = start([sim_path, "--host", "127.0.0.1", "--port", "0", "--seed", "5"])
    gateway = None
    try:
        targets = [{"name": "primary", "provider": "openai", "base_url": f"{sim_url}/v1", "model": f"sim-{scenario}"}]
        if scenario == "outage-and-recovery":
            targets.append({"name": "backup", "provider": "openai", "base_url": f"{sim_url}/v1", "model": "sim-healthy"})
        # Only the targets: every resilience setting is the gateway's default, as a person would start it.
        policy_path = os.path.join(work, "policy.json")
        with open(policy_path, "w") as f:
            json.dump({"version": 1, "targets": targets}, f)
        events_path = os.path.join(work, "events.jsonl")
        gateway, gateway_url = start([gateway_path, "--policy", policy_path, "--host", "127.0.0.1", "--port", "0",
                                      "--events", events_path])
        env = dict(os.environ, OPENAI_BASE_URL=f"{gateway_url}/v1", OPENAI_API_KEY="sk-app-key-not-a-secret",
                   APP_MODEL="default")
        app = subprocess.run([sys.executable, os.path.join(HERE, "app.py"), str(SECONDS[scenario])],
                             capture_output=True, text=True, env=env, timeout=SECONDS[scenario] + 120)
        replies = [json.loads(line) for line in app.stdout.splitlines() if line.strip()]
        with urllib.request.urlopen(f"{sim_url}/_sim/requests") as r:
            records = [x for x in json.load(r)["requests"] if x["api"] in ("openai", "anthropic")]
        problems = []
        if app.returncode != 0:
            problems.append(f"the app failed (exit {app.returncode}): "
                            f"{[r['error'] for r in replies if not r['ok']][:5]} {app.stderr[-1000:]}")
        whole = {x["reply_sha"] for x in records if x["outcome"] == "complete"}
        short = [r for r in replies if r["ok"] and fnv1a64(r["text"]) not in whole]
        if short:
            problems.append(f"{len(short)} replies are not ones the simulator sent whole, e.g. {short[0]['text']!r}")
        failed_attempts = [x for x in records if x["status"] != 200]
        if len(replies) < 4 or not failed_attempts:
            problems.append(f"{len(replies)} replies, {len(failed_attempts)} failed attempts: the scenario was not survived, "
                            "it was not met")
        if scenario == "outage-and-recovery":
            down = [x for x in records if x["model"] == "sim-outage-and-recovery" and x["status"] == 503]
            backup = [x for x in records if x["model"] == "sim-healthy"]
            if not down or not backup:
                problems.append(f"the outage was not crossed: {len(down)} 503s on the primary, {len(backup)} on the backup")
        try:
            with open(events_path) as f:
                events = [json.loads(line) for line in f if line.strip()]
        except OSError as e:
            events = []
            problems.append(f"no event log from the gateway: {e}")
        started = [e for e in events if e.get("event") == "request_started"]
        if len(started) < len(replies) or any(e.get("caller") != USER_AGENT for e in started):
            problems.append(f"the event log does not name the app as the caller: "
                            f"{sorted({str(e.get('caller')) for e in started})} in {len(started)} request_started")
        summary = (f"{scenario}: {len(replies)} replies ({sum(r['ok'] for r in replies)} ok), "
                   f"{len(records)} upstream attempts, {len(failed_attempts)} failed upstream")
        if problems:
            print(f"FAIL {summary}")
            for p in problems:
                print(f"  {p}")
            return 1
        print(f"ok   {summary}")
        return 0
    finally:
        if gateway:
            stop(gateway)
        stop(sim)
        work_dir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
