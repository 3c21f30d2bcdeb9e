#!/usr/bin/env python3
"""stormproof_shared_state_up on a real stormproof-gateway's /metrics, following a real Redis (issue 20 item 5).

    shared_state_up.py PATH/TO/stormproof-gateway [PATH/TO/redis-server]

- a policy without shared_state: no stormproof_shared_state_up line at all (nothing to be down);
- with shared_state pointing at a free loopback port: 0 while no Redis listens there; then, with a Redis
  started here on that port, 1 once the link is up, 0 after the Redis is killed, 1 again once one is back.
Exit 0 when all hold, 1 otherwise -- also when redis-server is missing (never a skip: scripts/setup installs it).
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

# How long a state may take to show: the link reconnects with a jittered backoff of at most 5 s
# (docs/SHARED_STATE.md); generous on shared cores.
PATIENCE_S = 60


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gateway(path, policy_path):
    proc = subprocess.Popen([path, "--policy", policy_path, "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        proc.kill()
        fail(f"stormproof-gateway did not start: {line!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, m.group(1)


def start_redis(path, port, work):
    proc = subprocess.Popen([path, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                fail(f"redis-server exited ({proc.returncode})")
            time.sleep(0.05)
    fail("redis-server did not listen")


def stop(proc):
    if proc and proc.poll() is None:
        proc.kill()
        proc.wait()


def gauge(url):
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as r:
        text = r.read().decode("utf-8")
    values = [l.split()[1] for l in text.splitlines() if l.startswith("stormproof_shared_state_up")]
    return values[0] if values else None


def wait_gauge(url, want, what):
    deadline = time.monotonic() + PATIENCE_S
    seen = None
    while time.monotonic() < deadline:
        seen = gauge(url)
        if seen == want:
            return
        time.sleep(0.1)
    fail(f"{what}: stormproof_shared_state_up is {seen!r}, expected {want} within {PATIENCE_S} s")


def main():
    gateway_path = sys.argv[1]
    redis_path = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/redis-server"
    if not os.access(redis_path, os.X_OK):
        redis_path = shutil.which("redis-server")
        if not redis_path:
            fail("redis-server not found: run scripts/setup (Debian's redis-server)")
    work_dir = tempfile.TemporaryDirectory(prefix="stormproof-shared-up-")
    work = work_dir.name
    procs = []
    try:
        # Without shared_state: absent.
        plain = os.path.join(work, "plain.json")
        with open(plain, "w") as f:
            json.dump({"version": 1, "targets": [{"name": "sim", "provider": "simulator", "model": "sim-healthy"}]}, f)
        gateway, url = start_gateway(gateway_path, plain)
        procs.append(gateway)
        if gauge(url) is not None:
            fail("stormproof_shared_state_up is present without a shared_state section")
        stop(gateway)

        port = free_port()
        shared = os.path.join(work, "shared.json")
        with open(shared, "w") as f:
            json.dump({"version": 1, "targets": [{"name": "sim", "provider": "simulator", "model": "sim-healthy"}],
                       "shared_state": {"redis_url": f"redis://127.0.0.1:{port}/0"}}, f)
        # No Redis yet: configured, so present and 0 (startup never waits for Redis).
        gateway, url = start_gateway(gateway_path, shared)
        procs.append(gateway)
        if gauge(url) != "0":
            fail(f"before any Redis: stormproof_shared_state_up is {gauge(url)!r}, expected 0")
        redis = start_redis(redis_path, port, work)
        procs.append(redis)
        wait_gauge(url, "1", "Redis up")
        stop(redis)
        wait_gauge(url, "0", "Redis killed")
        redis = start_redis(redis_path, port, work)
        procs.append(redis)
        wait_gauge(url, "1", "Redis back")
        print("ok   absent without shared_state; 0 before Redis, 1 with it up, 0 once it was killed, 1 once back")
        return 0
    finally:
        for p in procs:
            stop(p)
        work_dir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
