#!/usr/bin/env bash
# bench/soak.sh [MINUTES] [RPS] -- the GUI under --demo chaos with RPS background requests a second (default 30
# minutes, 15 requests/s: about 100 telemetry events a second), offscreen, sampling resident memory every 30 s.
# Writes bench/results/soak.json and soak.md: the curve, and the growth after a 5-minute warm-up (target < 10 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
rps="${2:-15}"
bin=build/default/app/stormproof
[ -x "$bin" ] || cmake --build --preset default --target stormproof
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
export QT_QPA_PLATFORM=offscreen
"$bin" --profile "$profile" --demo chaos --demo-load "$rps" --quit-after-ms $((minutes * 60000 + 5000)) \
  >"$profile/stdout.log" 2>&1 &
pid=$!
samples=()
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo "")
  [ -n "$rss_kb" ] && samples+=("$(( $(date +%s) - start )):$rss_kb")
  sleep 30
done
exit_status=0
wait "$pid" || exit_status=$?
# A crash on quit after a long run is a finding too (it was one: issue 9): keep the exit status and the tail.
tail -n 40 "$profile/stdout.log" | grep -v propagateSizeHints > "$profile/tail.log" || true
python3 - "$minutes" "$rps" "$exit_status" "$profile/tail.log" "${samples[@]}" <<'PY'
import json, sys, datetime, platform, os
minutes, rps, exit_status = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
tail = open(sys.argv[4]).read().strip()
curve = [(int(t), int(kb) / 1024) for t, kb in (s.split(':') for s in sys.argv[5:])]
warm = [mb for t, mb in curve if t >= 300]
growth = (max(warm) - warm[0]) if len(warm) > 1 else None
result = {"soak_minutes": minutes, "soak_requests_per_s": rps,
          "soak_rss_mb_after_warmup_start": round(warm[0], 1) if warm else None,
          "soak_rss_mb_peak": round(max(mb for _, mb in curve), 1) if curve else None,
          "soak_rss_growth_after_warmup_mb": round(growth, 1) if growth is not None else None,
          "soak_exit_status": exit_status,
          "soak_curve_s_mb": [[t, round(mb, 1)] for t, mb in curve]}
os.makedirs("bench/results", exist_ok=True)
json.dump(result, open("bench/results/soak.json", "w"), indent=2)
with open("bench/results/soak.md", "w") as f:
    f.write(f"# Soak: the GUI under --demo chaos, {rps:g} background requests/s, {minutes} min\n\n")
    f.write(f"- machine: {platform.node()} ({os.cpu_count()} cores), {platform.platform()}\n")
    f.write(f"- date: {datetime.datetime.utcnow().isoformat(timespec='seconds')}Z\n")
    f.write(f"- command: bench/soak.sh {minutes} {rps:g}\n\n")
    f.write(f"Resident memory growth after the 5-minute warm-up: **{result['soak_rss_growth_after_warmup_mb']} MB** "
            f"(target < 10 MB); peak {result['soak_rss_mb_peak']} MB. Exit status on quit: {exit_status}"
            f"{' (a crash: see below)' if exit_status else ''}.\n\n")
    if exit_status and tail:
        f.write("```\n" + tail + "\n```\n\n")
    f.write("| s | RSS MB |\n|---|---|\n")
    for t, mb in curve:
        f.write(f"| {t} | {mb:.1f} |\n")
print(json.dumps({k: v for k, v in result.items() if k != "soak_curve_s_mb"}))
sys.exit(1 if exit_status else 0)
PY
