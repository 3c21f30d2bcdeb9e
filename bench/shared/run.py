#!/usr/bin/env python3
"""bench/shared/run.py [--build build/default] [--out bench/results] [--outage-s 12] [--rate 20]

The shared state, measured (issue 20 item 6), all on 127.0.0.1 with Debian's redis-server:
  - latency: p50/p99 of requests through a gateway with shared_state (Redis up) and one without, alternated in
    the same run against the same instant simulator;
  - waste: primary attempts sent to a dead primary by 1, 3 and 6 gateways during an outage, with and without
    sharing, at the same aggregate request rate (round-robin, as a load balancer), counted by the simulator's
    own request log (GET /_sim/requests).
Writes OUT/shared.json and OUT/shared.md (machine, date, command). Needs stormproof-gateway and stormproof-sim
built (cmake --build ... --target stormproof-gateway stormproof-sim).
"""
import argparse, datetime, http.client, json, os, platform, shutil, socket, statistics, subprocess, sys
import tempfile, threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(cmd, wait_line=b"listening on "):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        if line.startswith(wait_line):
            threading.Thread(target=lambda: p.stdout.read(), daemon=True).start()
            return p, line[len(wait_line):].decode().strip()
    p.kill()
    raise SystemExit("did not start: %s\n%s" % (" ".join(cmd), p.stderr.read().decode()))


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()


def post(url, body, timeout=60):
    host, port = url.replace("http://", "").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    t0 = time.perf_counter()
    c.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, (time.perf_counter() - t0) * 1000.0


def sim_count(sim_url, model):
    host, port = sim_url.replace("http://", "").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=10)
    c.request("GET", "/_sim/requests")
    log = json.loads(c.getresponse().read())
    return sum(1 for r in log["requests"] if r.get("model") == model)


def wait_stderr(p, text, bound_s=20):
    """Reads p's stderr until a line contains text (the gateway's 'shared state up')."""
    deadline = time.time() + bound_s
    while time.time() < deadline:
        line = p.stderr.readline().decode()
        if text in line:
            threading.Thread(target=lambda: p.stderr.read(), daemon=True).start()
            return True
    return False


def policy_file(tmp, name, primary_url, primary_model, backup_url, backup_model, redis_url, prefix):
    policy = {
        "version": 1,
        "targets": [
            {"name": "primary", "provider": "openai", "base_url": primary_url + "/v1", "model": primary_model},
            {"name": "backup", "provider": "openai", "base_url": backup_url + "/v1", "model": backup_model},
        ],
        "retry": {"base_delay_ms": 20, "max_delay_ms": 100},
    }
    if redis_url:
        policy["shared_state"] = {"redis_url": redis_url, "key_prefix": prefix}
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(policy, f)
    return path


def pct(values, q):
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * len(s)))], 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "default"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--outage-s", type=float, default=12.0)
    ap.add_argument("--rate", type=float, default=20.0, help="requests a second, all gateways together")
    ap.add_argument("--latency-requests", type=int, default=400)
    args = ap.parse_args()
    gateway_bin = os.path.join(args.build, "app", "stormproof-gateway")
    sim_bin = os.path.join(args.build, "app", "stormproof-sim")
    redis_bin = shutil.which("redis-server") or "/usr/bin/redis-server"
    for b in (gateway_bin, sim_bin, redis_bin):
        if not os.access(b, os.X_OK):
            raise SystemExit("missing %s (build it, or scripts/setup for redis-server)" % b)
    tmp = tempfile.mkdtemp(prefix="stormproof-shared-bench-")
    procs = []
    try:
        redis_port = free_port()
        redis = subprocess.Popen([redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL)
        procs.append(redis)
        redis_url = "redis://127.0.0.1:%d/0" % redis_port
        dead, dead_url = start([sim_bin, "--port", "0", "--seed", "1", "--scenario",
                                os.path.join(ROOT, "tests", "cli", "always-503.json")])
        fast, fast_url = start([sim_bin, "--port", "0", "--seed", "2", "--scenario",
                                os.path.join(ROOT, "bench", "scenarios", "instant.json")])
        procs += [dead, fast]
        body = json.dumps({"model": "default", "messages": [{"role": "user", "content": "hi"}],
                           "max_tokens": 16})

        # 1. Latency with and without Redis, alternated in one run.
        with_p = policy_file(tmp, "with", fast_url, "sim-instant", fast_url, "sim-instant", redis_url, "lat:")
        without_p = policy_file(tmp, "without", fast_url, "sim-instant", fast_url, "sim-instant", None, "")
        g_with, url_with = start([gateway_bin, "--policy", with_p, "--port", "0"])
        g_without, url_without = start([gateway_bin, "--policy", without_p, "--port", "0"])
        procs += [g_with, g_without]
        if not wait_stderr(g_with, "shared state up"):
            raise SystemExit("the gateway's link to Redis never came up")
        lat = {"with_redis": [], "without_redis": []}
        for _ in range(20):  # warm both
            post(url_with, body), post(url_without, body)
        for i in range(args.latency_requests):
            for key, url in (("with_redis", url_with), ("without_redis", url_without))[:: 1 if i % 2 else -1]:
                status, ms = post(url, body)
                if status == 200:
                    lat[key].append(ms)
        stop(g_with), stop(g_without)
        latency = {k: {"p50_ms": pct(v, 0.50), "p99_ms": pct(v, 0.99), "requests": len(v)} for k, v in lat.items()}
        print("latency", json.dumps(latency), flush=True)

        # 2. Primary attempts wasted in an outage.
        waste = {}
        run = 0
        for n in (1, 3, 6):
            for shared in (False, True):
                run += 1
                prefix = "outage%d:" % run  # a fresh namespace: no trip carried over from the run before
                pol = policy_file(tmp, "outage%d" % run, dead_url, "sim-always-503", fast_url, "sim-instant",
                                  redis_url if shared else None, prefix)
                gws = [start([gateway_bin, "--policy", pol, "--port", "0"]) for _ in range(n)]
                if shared:
                    for g, _ in gws:
                        if not wait_stderr(g, "shared state up"):
                            raise SystemExit("a gateway's link never came up")
                before = sim_count(dead_url, "sim-always-503")
                total = int(args.rate * args.outage_s)
                results = []
                threads = []
                t0 = time.perf_counter()
                for i in range(total):
                    delay = t0 + i / args.rate - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                    url = gws[i % n][1]
                    th = threading.Thread(target=lambda u=url: results.append(post(u, body)[0]))
                    th.start()
                    threads.append(th)
                for th in threads:
                    th.join()
                wasted = sim_count(dead_url, "sim-always-503") - before
                key = "%d_process%s" % (n, "es" if n > 1 else "")
                waste.setdefault(key, {})["with_sharing" if shared else "without_sharing"] = {
                    "primary_attempts": wasted, "requests": total,
                    "succeeded": sum(1 for s in results if s == 200)}
                print(key, "sharing" if shared else "alone", wasted, flush=True)
                for g, _ in gws:
                    stop(g)
        result = {
            "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                        "os": platform.platform()},
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": "bench/shared/run.py " + " ".join(sys.argv[1:]),
            "redis": subprocess.run([redis_bin, "--version"], capture_output=True, text=True).stdout.strip(),
            "latency": latency,
            "outage": {"seconds": args.outage_s, "rate_per_s": args.rate,
                       "policy": "primary dead (503), backup instant; retry base 20 ms, cap 100 ms; breaker defaults",
                       "primary_attempts": waste},
        }
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "shared.json"), "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        with open(os.path.join(args.out, "shared.md"), "w") as f:
            f.write("# Shared state (Redis): latency and wasted attempts\n\n")
            f.write("Machine: %s, %s cores, %s. Date: %s. %s.\n\n" % (
                result["machine"]["cpu"], result["machine"]["cores"], result["machine"]["os"], result["date"],
                result["redis"]))
            f.write("Command: `%s` (after building stormproof-gateway and stormproof-sim).\n\n" % result["command"])
            f.write("| requests through one gateway, alternated | p50 ms | p99 ms | requests |\n|---|---|---|---|\n")
            for k, v in latency.items():
                f.write("| %s | %s | %s | %s |\n" % (k.replace("_", " "), v["p50_ms"], v["p99_ms"], v["requests"]))
            f.write("\nBoth rows come from one run, their requests alternated, so what else the machine was doing "
                    "(here: builds on the same 2 cores) weighs on both alike.\n")
            f.write("\nPrimary attempts sent to a dead primary in %.0f s at %.0f requests/s in all (round-robin over the "
                    "gateways; retry base 20 ms, cap 100 ms; breaker defaults: 5 failures in a row, open 1.8 s; a "
                    "shared trip is followed 250 ms later):\n\n" % (args.outage_s, args.rate))
            f.write("| gateways | without sharing | with sharing |\n|---|---|---|\n")
            for k, v in waste.items():
                f.write("| %s | %d | %d |\n" % (k.split("_")[0], v["without_sharing"]["primary_attempts"],
                                                v["with_sharing"]["primary_attempts"]))
        print(json.dumps(result, indent=2))
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
