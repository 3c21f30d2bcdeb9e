#!/bin/sh
# Ctrl+C in the middle of a run (issue 15): SIGINT once requests are in flight must cancel them, print what
# happened, log request_finished as cancelled and exit 130. Deterministic: the signal is sent only after the
# event log shows an attempt started, never after a guessed sleep.
#   interrupt.sh CLI SCENARIO_FILE WORKDIR chat|load|load-json
set -u
cli=$1 scenario=$2 dir=$3 mode=$4
mkdir -p "$dir"
events=$dir/$mode-events.jsonl out=$dir/$mode-stdout.txt err=$dir/$mode-stderr.txt
rm -f "$events" "$out" "$err"
fail() { echo "FAIL ($mode): $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; echo "--- events"; cat "$events"; exit 1; }

case $mode in
  chat) "$cli" chat --provider simulator --scenario "$scenario" --stream --events "$events" "Hello" >"$out" 2>"$err" & ;;
  load) "$cli" load --provider simulator --scenario "$scenario" --stream --requests 20 --concurrency 4 \
          --events "$events" >"$out" 2>"$err" & ;;
  load-json) "$cli" load --provider simulator --scenario "$scenario" --stream --requests 20 --concurrency 4 \
          --json --seed 42 --events "$events" >"$out" 2>"$err" & ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
pid=$!

# Wait (at most 20 s) for the CLI to write that an attempt started.
tries=0
until grep -q '"event":"attempt_started"' "$events" 2>/dev/null; do
  tries=$((tries + 1))
  if [ $tries -gt 200 ]; then kill -9 $pid; fail "no attempt_started in the event log after 20 s"; fi
  if ! kill -0 $pid 2>/dev/null; then fail "the CLI exited before any attempt started"; fi
  sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?

[ $rc -eq 130 ] || fail "exit status $rc, expected 130"
grep '"event":"request_finished"' "$events" | grep -q '"error_class":"cancelled"' ||
  fail "no request_finished with error_class cancelled in the event log"
case $mode in
  chat)
    grep -q '^stormproof-cli: cancelled by SIGINT after 1 attempt' "$err" || fail "no cancelled line on stderr" ;;
  load)
    grep -q '^requests [0-9]*: [0-9]* succeeded, [0-9]* failed, [1-9][0-9]* cancelled$' "$out" ||
      fail "no partial summary with cancelled requests on stdout"
    grep -q '^stormproof-cli: cancelled by SIGINT after .* of 20 requests started' "$err" ||
      fail "no cancelled line on stderr" ;;
  load-json)
    grep -q '"interrupted_by": "SIGINT"' "$out" || fail "no interrupted_by in the --json summary"
    grep -q '"cancelled": [1-9]' "$out" || fail "no cancelled count in the --json summary"
    grep -q '"simulator_seed": 42' "$out" || fail "no simulator_seed in the --json summary" ;;
esac
echo "ok ($mode): exit 130, cancelled reported, request_finished cancelled logged"
