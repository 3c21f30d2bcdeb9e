#!/bin/sh
# stormproof-cli as people use it (issue 15): one case per ctest entry (cli.*), POSIX sh and coreutils only.
# stdout is a pipe here, as in a script; stdin is /dev/null unless a case says otherwise.
#   cases.sh CLI TESTS_CLI_DIR WORKDIR CASE
set -u
cli=$1 data=$2 dir=$3 case=$4
mkdir -p "$dir/$case"
cd "$dir/$case" || exit 1
out=$PWD/stdout.txt err=$PWD/stderr.txt
unset STORMPROOF_CLI_TEST_UNSET_KEY

fail() { echo "FAIL ($case): $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; exit 1; }
# run EXPECTED_STATUS ARGS...: the CLI with stdout and stderr in files, its exit status checked.
run() {
  expected=$1
  shift
  "$cli" "$@" <"${stdin:-/dev/null}" >"$out" 2>"$err"
  status=$?
  [ "$status" -eq "$expected" ] || fail "stormproof-cli $* exited $status, expected $expected"
}
has() { grep -q -e "$2" "$1" || fail "no line matching '$2' in $(basename "$1")"; }
lacks() { ! grep -q -e "$2" "$1" || fail "a line matches '$2' in $(basename "$1")"; }

case $case in
help)
  run 0 --help
  has "$out" '^  chat ' && has "$out" '^  load ' && has "$out" '^  validate '
  run 0 chat --help
  has "$out" '^usage: stormproof-cli chat' && has "$out" '--max-tokens N' && has "$out" '--temperature T'
  lacks "$out" '--requests'
  run 0 load --help
  has "$out" '^usage: stormproof-cli load' && has "$out" '--requests N' && has "$out" '--max-tokens N'
  lacks "$out" '--prompt'
  run 0 validate --help
  has "$out" '^usage: stormproof-cli validate FILE'
  ;;
refused_options)
  # Each refusal exits 2 and names the option and the subcommand.
  run 2 chat --requests 3 "Hello"
  has "$err" '^stormproof-cli: --requests does not apply to chat'
  run 2 load --prompt "Hello" --requests 1 --concurrency 1
  has "$err" '^stormproof-cli: --prompt does not apply to load'
  run 2 chat --provider openai --model m --scenario flaky "Hello"
  has "$err" '^stormproof-cli: --scenario applies to simulator targets, not to --provider openai'
  run 2 chat --provider openai --base-url http://127.0.0.1:9/v1 --model m --seed 1 "Hello"
  has "$err" "^stormproof-cli: --seed sets the embedded simulator's seed"
  run 2 chat --no-such-option "Hello"
  has "$err" '^stormproof-cli: unknown option --no-such-option'
  run 2 load --requests 1 --concurrency 1 extra
  has "$err" '^stormproof-cli: load takes no positional arguments'
  run 2 chat --prompt "Hello" "Hello again"
  has "$err" '^stormproof-cli: give the prompt either with --prompt or as PROMPT'
  run 2 chat --provider simulator --events - --json "Hello"
  has "$err" '^stormproof-cli: --events - and --json'
  run 2 chat --provider simulator --temperature 3 "Hello"
  has "$err" '^stormproof-cli: --temperature must be a number 0..2'
  run 2 chat --provider simulator --stream --stream "Hello"
  has "$err" '^stormproof-cli: --stream is given twice'
  ;;
positional_prompt)
  run 0 chat --provider simulator --seed 1 "Hello"
  [ "$(wc -l <"$out")" -eq 1 ] && [ -s "$out" ] || fail "stdout is not one line of reply"
  has "$err" '^stormproof-cli: built-in simulator at http://127.0.0.1:[0-9]*, seed 1 '
  ;;
no_prompt_on_a_terminal)
  # stdin is a terminal (script gives it one): a usage error at once, not a wait for input.
  timeout 20 script -qec "'$cli' chat --provider simulator" /dev/null </dev/null >"$out" 2>"$err"
  status=$?
  [ "$status" -eq 2 ] || fail "exited $status on a terminal without a prompt, expected 2"
  has "$out" 'stormproof-cli: no prompt: give --prompt TEXT, a PROMPT argument, or pipe the prompt'
  ;;
piped_stdout_restart)
  # The first stream is cut after 5 of its 20 tokens and restarted: a pipe gets the final reply only.
  run 0 chat --policy "$data/restart-policy.json" --scenario "$data/cut-once.json" --stream --seed 1 "Hello"
  [ "$(wc -l <"$out")" -eq 1 ] || fail "stdout has $(wc -l <"$out") lines, expected the one reply"
  [ "$(wc -w <"$out")" -eq 20 ] || fail "stdout has $(wc -w <"$out") words, expected the 20 of the final reply"
  lacks "$err" 'stream restarted'
  ;;
events_to_stdout)
  run 0 chat --provider simulator --seed 1 --events - "Hello"
  lacks "$out" '^[^{]'
  has "$out" '^{.*"event":"request_started"'
  has "$out" '^{.*"event":"request_finished".*"ok":true'
  [ -e ./- ] && fail "a file named - was created"
  grep -v '^stormproof-cli:' "$err" | grep -q '[a-z]' || fail "the reply is not on stderr"
  ;;
fallback_announced)
  # The first target's key variable is not set; the simulator answers, and stderr says so.
  run 0 chat --policy "$data/fallback-policy.json" --seed 1 "Hello"
  [ -s "$out" ] || fail "no reply on stdout"
  has "$err" '^stormproof-cli: answered by local (simulator, sim-healthy) after primary failed (auth: environment variable STORMPROOF_CLI_TEST_UNSET_KEY is not set)$'
  ;;
failure_line)
  run 1 chat --policy "$data/restart-policy.json" --scenario "$data/always-503.json" --seed 1 "Hello"
  has "$err" '^stormproof-cli: server_error after 5 attempts in [0-9.]* s at http://127.0.0.1:[0-9]*/v1 (attempts_exhausted): 503 .* — .'
  # Failed after a fallback: the line also says what failed before the target it ended on.
  run 1 chat --policy "$data/fallback-policy.json" --scenario "$data/always-503.json" --seed 1 "Hello"
  has "$err" '^stormproof-cli: server_error after [0-9]* attempts in [0-9.]* s at http://127.0.0.1:[0-9]*/v1 ([a-z_]*): 503 .*; before it primary failed (auth: environment variable STORMPROOF_CLI_TEST_UNSET_KEY is not set) — .'
  ;;
max_tokens)
  run 0 chat --provider simulator --seed 1 --max-tokens 3 --temperature 0.5 --json "Hello"
  has "$out" '"output_tokens": 3$'
  has "$out" '"finish_reason": "length"'
  has "$out" '"simulator_seed": 1,$'
  # load sends them with every request: no reply longer than 2 words.
  run 0 load --provider simulator --seed 1 --requests 3 --concurrency 3 --max-tokens 2 --temperature 0 --json \
      --replies "$PWD/replies.jsonl"
  has "$out" '"succeeded": 3,$'
  has "$out" '"simulator_seed": 1,$'
  [ "$(grep -c '"text":"[^" ]* [^" ]*"' replies.jsonl)" -eq 3 ] || fail "replies not cut at 2 tokens: $(cat replies.jsonl)"
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac
echo "ok ($case)"
