#!/usr/bin/env python3
"""stormproof-cli load --metrics-port 0: while the load runs, GET /metrics on the URL it prints answers in the
Prometheus text format, and the finished load's attempts match what a last scrape counted.

    cli_metrics_port.py PATH/TO/stormproof-cli

The load runs the embedded simulator's `flaky` scenario, open loop at 10 requests a second for 3 s, so the
endpoint is scraped while requests are in flight. Exit 0 when every check holds, 1 otherwise.
"""
import json
import re
import subprocess
import sys
import time
import urllib.request


def fail(message):
    print(f"FAIL: {message}")
    return 1


def main():
    cli = sys.argv[1]
    proc = subprocess.Popen([cli, "load", "--provider", "simulator", "--scenario", "flaky", "--seed", "7",
                             "--requests", "30", "--concurrency", "4", "--rate", "10", "--json",
                             "--metrics-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        m = re.fullmatch(r"stormproof-cli: metrics on (http://127\.0\.0\.1:\d+/metrics)\n", line)
        if m:
            url = m.group(1)
            break
    if not url:
        proc.kill()
        return fail(f"no 'metrics on URL' line on stderr: {''.join(seen)[-2000:]}")
    # Scrape while the load runs (every 0.2 s) until one scrape has counted attempts.
    scrapes = []
    while proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                scrapes.append((r.status, r.headers.get("content-type"), r.read().decode("utf-8")))
        except OSError:
            break  # the load ended between poll() and the request: the endpoint went with it
        if "# TYPE stormproof_attempts_total counter" in scrapes[-1][2]:
            break
        time.sleep(0.2)
    out, err = proc.communicate(timeout=120)
    if proc.returncode not in (0, 1):  # 1: some request failed after its retries (flaky), not our concern
        return fail(f"exit {proc.returncode}: {err[-2000:]}")
    if not scrapes:
        return fail("the load ended before one scrape")
    for status, content_type, _ in scrapes:
        if status != 200 or not content_type.startswith("text/plain; version=0.0.4"):
            return fail(f"/metrics answered {status} {content_type!r}")
    text = scrapes[-1][2]
    for family in ("stormproof_attempts_total counter", "stormproof_circuit_state gauge",
                   "gen_ai_client_operation_duration_seconds histogram"):
        if f"# TYPE {family}" not in text:
            return fail(f"no '# TYPE {family}' in {len(scrapes)} scrapes during the load; the last:\n{text[:2000]}")
    summary = json.loads(out)
    last = scrapes[-1][2]
    counted = sum(float(l.rsplit(" ", 1)[1]) for l in last.splitlines() if l.startswith("stormproof_attempts_total{"))
    if counted > summary["attempts"]:
        return fail(f"a scrape counted {counted:g} attempts, more than the load's {summary['attempts']}")
    print(f"ok   {len(scrapes)} scrapes during the load; {summary['attempts']} attempts in all, {counted:g} at the "
          f"last scrape")
    return 0


if __name__ == "__main__":
    sys.exit(main())
