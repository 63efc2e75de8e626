#!/usr/bin/env bash
# Runs one Jazzer fuzz test in fuzzing mode (docs/FUZZING.md).
#
#   scripts/fuzz.sh TARGET [SECONDS]      targets: reader packet filter-text filter-ast http pipeline
#
# Coverage-guided: libFuzzer mutates the seeds (bundled captures, ../shared/corpus) and keeps what
# reaches new code in MODULE/.cifuzz-corpus/ (not committed). A crash, hang (an input slower than
# FUZZ_INPUT_TIMEOUT, default 20 s) or memory blow-up (heap above FUZZ_HEAP, default 1536m) stops
# the run and is written to the test's inputs folder, src/test/resources/<package>/<Class>Inputs/<method>/,
# where every normal build replays it: fix the bug, keep the input as its regression test.
# Runs under `nice -n 19` so it only takes idle CPU.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-300}
case "$target" in
  reader)      module=tcplens-core; test='io.tcplens.capture.CaptureReaderFuzzTest#wholeFile' ;;
  packet)      module=tcplens-core; test='io.tcplens.decode.PacketFuzzTest#singleFrame' ;;
  filter-text) module=tcplens-core; test='io.tcplens.filter.FilterFuzzTest#expressionText' ;;
  filter-ast)  module=tcplens-core; test='io.tcplens.filter.FilterFuzzTest#randomAst' ;;
  http)        module=tcplens-core; test='io.tcplens.http.HttpParserFuzzTest#parser' ;;
  pipeline)    module=tcplens-cli;  test='io.tcplens.cli.PipelineFuzzTest#splitCapture' ;;
  *) echo "usage: scripts/fuzz.sh {reader|packet|filter-text|filter-ast|http|pipeline} [SECONDS]" >&2; exit 2 ;;
esac

log=${FUZZ_LOG:-target/fuzz-$target.log}
mkdir -p "$(dirname "$log")"
echo "fuzzing $test for ${seconds}s (log: $log)" >&2
# jazzer.internal.arg.N are libFuzzer's own flags (0 is argv[0]). The per-input limit is libFuzzer's
# -timeout, not a JUnit timeout: JUnit would time the whole fuzzing run as one invocation.
set +e
JAZZER_FUZZ=1 nice -n 19 ./mvnw -B -pl "$module" -am test \
  -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_duration="${seconds}s" \
  -Dtcplens.test.xmx="${FUZZ_HEAP:-1536m}" \
  -Djazzer.internal.arg.0=fuzz \
  -Djazzer.internal.arg.1=-rss_limit_mb="${FUZZ_RSS_MB:-3072}" \
  -Djazzer.internal.arg.2=-max_len="${FUZZ_MAX_LEN:-65536}" \
  -Djazzer.internal.arg.3=-print_final_stats=1 \
  -Djazzer.internal.arg.4=-timeout="${FUZZ_INPUT_TIMEOUT:-20}" \
  >"$log" 2>&1
rc=$?
set -e
# libFuzzer's status lines: "#N  NEW/pulse/DONE cov: C ft: F corp: ... exec/s: E"
grep -E '^#[0-9]+' "$log" | tail -n 3 >&2 || true
grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log" >&2 || true
if grep -qE '== Java Exception|FuzzerSecurityIssue|ERROR: libFuzzer|Test unit written' "$log"; then
  echo "FINDING: see $log and the test's Inputs folder:" >&2
  grep -E '== Java Exception|FuzzerSecurityIssue|ERROR: libFuzzer|crash-|timeout-|Test unit written' "$log" | head -n 10 >&2
  exit 1
fi
exit $rc
