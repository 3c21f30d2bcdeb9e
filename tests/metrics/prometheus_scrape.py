#!/usr/bin/env python3
"""A real Prometheus scrapes a real stormproof-gateway under load (issue 20 item 5).

    prometheus_scrape.py PATH/TO/stormproof-sim PATH/TO/stormproof-gateway [PATH/TO/prometheus]

stormproof-sim plays `flaky` (30% 503, 10% 429) behind the gateway's primary, with a healthy backup; both on
127.0.0.1, port 0. Prometheus (Debian's, /usr/bin/prometheus unless given) gets a generated config in a
temporary directory: one job scraping the gateway's /metrics every second, its TSDB in the same directory, its
web API on a free loopback port. Callers send chat requests through the gateway from several threads while
Prometheus scrapes; once Prometheus has stored a scrape taken in the middle of the load, the load stops.

Passes (exit 0) when:
  - the gateway's own /metrics counts exactly the attempts its responses reported (the sum of their
    x-stormproof-attempts headers), and some were retries (the scenario was met);
  - PromQL over Prometheus's HTTP API, sum(stormproof_attempts_total), returns that same number once
    Prometheus has scraped after the load, and sum(stormproof_requests_total) the number of requests sent;
  - Prometheus saw the counter move between scrapes (it scraped under load, not only after it).
Exit 1 otherwise -- also when prometheus or httpx is missing (never a skip: scripts/setup installs both).
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
import urllib.parse
import urllib.request

try:
    import httpx
except ImportError as e:
    print(f"FAIL: httpx is not installed (run scripts/setup: Debian's python3-httpx): {e}")
    sys.exit(1)

# Callers sending at once: enough to keep the gateway busy, few enough for a 2-core machine.
CALLERS = 8
# Prometheus's scrape interval (and how often this script asks it): 1 s, the brief's "short scrape_interval".
SCRAPE_INTERVAL_S = 1
# How long to wait for a condition that depends on processes starting or scraping before failing with what
# was last seen: generous on shared cores; each condition normally holds within one or two scrape intervals.
PATIENCE_S = 90


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def start(args):
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"{args[0]} did not start: {line!r} {proc.stdout.read()[-2000:]}")
    # Keep draining its output so a chatty process never blocks on a full pipe.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, m.group(1)


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, condition):
    """Calls condition() every scrape interval until it returns something truthy; fails after PATIENCE_S."""
    deadline = time.monotonic() + PATIENCE_S
    last = None
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception as e:  # a process still starting: connection refused, 503
            value, last = None, repr(e)
        if value:
            return value
        time.sleep(SCRAPE_INTERVAL_S / 2)
    fail(f"{what}: not within {PATIENCE_S} s (last: {last})")


def samples(exposition, family):
    """The values of a family's samples in Prometheus text format."""
    values = []
    for line in exposition.splitlines():
        if line.startswith(family + "{") or line.startswith(family + " "):
            values.append(float(line.rsplit(" ", 1)[1]))
    return values


def promql(prom_url, query):
    """The value of a PromQL instant query returning one sample, or None when it returns none."""
    url = f"{prom_url}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{query}: {body}")
    result = body["data"]["result"]
    if not result:
        return None
    if len(result) != 1:
        raise RuntimeError(f"{query}: {len(result)} series, expected one: {result}")
    return float(result[0]["value"][1])


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    sim_path, gateway_path = sys.argv[1:3]
    prometheus_path = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/prometheus"
    if not (os.path.isfile(prometheus_path) and os.access(prometheus_path, os.X_OK)):
        found = shutil.which("prometheus")
        if not found:
            fail(f"prometheus not found at {prometheus_path} nor on PATH: run scripts/setup (Debian's prometheus)")
        prometheus_path = found

    work_dir = tempfile.TemporaryDirectory(prefix="stormproof-prometheus-")
    work = work_dir.name
    sim = gateway = prometheus = None
    try:
        sim, sim_url = start([sim_path, "--host", "127.0.0.1", "--port", "0", "--seed", "5"])
        policy = {"version": 1, "targets": [
            {"name": "primary", "provider": "openai", "base_url": f"{sim_url}/v1", "model": "sim-flaky"},
            {"name": "backup", "provider": "openai", "base_url": f"{sim_url}/v1", "model": "sim-healthy"}]}
        policy_path = os.path.join(work, "policy.json")
        with open(policy_path, "w") as f:
            json.dump(policy, f)
        gateway, gateway_url = start([gateway_path, "--policy", policy_path, "--host", "127.0.0.1", "--port", "0"])
        gateway_address = gateway_url.removeprefix("http://")

        prom_port = free_port()
        prom_url = f"http://127.0.0.1:{prom_port}"
        config_path = os.path.join(work, "prometheus.yml")
        with open(config_path, "w") as f:
            f.write(f"""global:
  scrape_interval: {SCRAPE_INTERVAL_S}s
  evaluation_interval: {SCRAPE_INTERVAL_S}s
scrape_configs:
  - job_name: stormproof-gateway
    scrape_interval: {SCRAPE_INTERVAL_S}s
    scrape_timeout: {SCRAPE_INTERVAL_S}s
    metrics_path: /metrics
    static_configs:
      - targets: ["{gateway_address}"]
""")
        prom_log = open(os.path.join(work, "prometheus.log"), "w")
        prometheus = subprocess.Popen(
            [prometheus_path, f"--config.file={config_path}", f"--storage.tsdb.path={os.path.join(work, 'tsdb')}",
             f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
            stdout=prom_log, stderr=subprocess.STDOUT)

        def prometheus_alive():
            if prometheus.poll() is not None:
                prom_log.flush()
                with open(prom_log.name) as log:
                    fail(f"prometheus exited ({prometheus.returncode}): {log.read()[-2000:]}")

        def ready():
            prometheus_alive()
            with urllib.request.urlopen(f"{prom_url}/-/ready", timeout=5) as r:
                return r.status == 200
        wait_for("prometheus ready", ready)
        # The gateway is up as a target (a scrape succeeded) before any load.
        wait_for("prometheus scraping the gateway (up == 1)",
                 lambda: prometheus_alive() or promql(prom_url, 'up{job="stormproof-gateway"}') == 1)

        # The load: CALLERS threads, each sending chat requests one after another until told to stop.
        stop_load = threading.Event()
        lock = threading.Lock()
        sent = {"requests": 0, "attempts": 0, "failed": 0, "missing_header": 0}

        def caller(i):
            with httpx.Client(timeout=60) as client:
                n = 0
                while not stop_load.is_set():
                    n += 1
                    r = client.post(f"{gateway_url}/v1/chat/completions",
                                    json={"model": "default", "stream": n % 2 == 0,
                                          "messages": [{"role": "user", "content": f"caller {i} request {n}"}]})
                    r.read()
                    header = r.headers.get("x-stormproof-attempts")
                    with lock:
                        sent["requests"] += 1
                        sent["failed"] += r.status_code != 200
                        if header is None:
                            sent["missing_header"] += 1
                        else:
                            sent["attempts"] += int(header)

        threads = [threading.Thread(target=caller, args=(i,)) for i in range(CALLERS)]
        for t in threads:
            t.start()
        try:
            # Under load: Prometheus has stored a scrape with requests counted while callers are still sending.
            wait_for("a scrape taken during the load",
                     lambda: prometheus_alive() or (promql(prom_url, "sum(stormproof_requests_total)") or 0) > 0)
            # ... and a later one that moved (two scrapes inside the load).
            first = promql(prom_url, "sum(stormproof_requests_total)")
            wait_for("a second scrape during the load",
                     lambda: prometheus_alive() or promql(prom_url, "sum(stormproof_requests_total)") > first)
        finally:
            stop_load.set()
            for t in threads:
                t.join()

        with urllib.request.urlopen(f"{gateway_url}/metrics", timeout=10) as r:
            content_type = r.headers.get("content-type")
            exposition = r.read().decode("utf-8")
        own_attempts = sum(samples(exposition, "stormproof_attempts_total"))
        own_retries = sum(samples(exposition, "stormproof_retries_total"))
        own_requests = sum(samples(exposition, "stormproof_requests_total"))

        problems = []
        if not content_type or not content_type.startswith("text/plain; version=0.0.4"):
            problems.append(f"/metrics content type {content_type!r}")
        if sent["missing_header"]:
            problems.append(f"{sent['missing_header']} responses without x-stormproof-attempts")
        if own_attempts != sent["attempts"]:
            problems.append(f"the gateway's /metrics counts {own_attempts:g} attempts, its responses reported "
                            f"{sent['attempts']}")
        if own_requests != sent["requests"]:
            problems.append(f"the gateway's /metrics counts {own_requests:g} requests, {sent['requests']} were sent")
        if own_retries == 0 or sent["attempts"] <= sent["requests"]:
            problems.append(f"no retries ({own_retries:g}; {sent['attempts']} attempts for {sent['requests']} "
                            f"requests): the flaky scenario was not met")

        # PromQL, once Prometheus has scraped after the load ended: the same numbers.
        def caught_up():
            prometheus_alive()
            return promql(prom_url, "sum(stormproof_requests_total)") == own_requests
        wait_for(f"prometheus scraping the final count ({own_requests:g} requests)", caught_up)
        prom_attempts = promql(prom_url, "sum(stormproof_attempts_total)")
        if prom_attempts != own_attempts:
            problems.append(f"PromQL sum(stormproof_attempts_total) = {prom_attempts}, the gateway reports "
                            f"{own_attempts:g}")
        moves = promql(prom_url, 'changes(stormproof_requests_total{outcome="success"}[10m])')
        if not moves or moves < 1:
            problems.append(f"Prometheus never saw the request counter move between scrapes ({moves})")

        summary = (f"{sent['requests']} requests ({sent['failed']} failed), {sent['attempts']} attempts, "
                   f"{own_retries:g} retries; PromQL sum(stormproof_attempts_total) = {prom_attempts}")
        if problems:
            print(f"FAIL {summary}")
            for p in problems:
                print(f"  {p}")
            return 1
        print(f"ok   {summary}")
        return 0
    finally:
        stop(prometheus)
        stop(gateway)
        stop(sim)
        work_dir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
