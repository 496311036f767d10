#!/bin/sh
# tests/fuzz/run.sh: run the libFuzzer targets built by mk/fuzz.mk.
#
#   run.sh fuzz SECONDS TARGET...   fuzz each TARGET for SECONDS (-max_total_time);
#                                   new corpus entries go to build/fuzz/corpus/TARGET,
#                                   crash/leak/timeout/oom inputs to
#                                   build/fuzz/crashes/TARGET/
#   run.sh regress TARGET...        run each TARGET once over its regression files
#                                   (tests/fuzz/regressions/TARGET/) and seeds
#                                   (tests/fuzz/seeds/TARGET/), without fuzzing
#
# Environment: FUZZ_DIR (build/fuzz), FUZZ_TIMEOUT (seconds per input, 10),
# FUZZ_RSS_MB (2048), FUZZ_ARGS (extra libFuzzer flags).
# Exits 1 when any target found a crash, a leak, a timeout or ran out of memory,
# after running every target; a summary line per target says which.
set -u
mode=${1:?usage: run.sh fuzz SECONDS TARGET... | run.sh regress TARGET...}
shift
if [ "$mode" = fuzz ]; then
    seconds=${1:?seconds}
    shift
fi
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
FUZZ_ARGS=${FUZZ_ARGS:-}
: "${LSAN_OPTIONS:=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}"
export LSAN_OPTIONS
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LC_ALL=C
# the targets' scratch files (fuzz_common.h), kept out of /tmp: a crashed
# run cannot remove its own
mkdir -p "$FUZZ_DIR/tmp"
TMPDIR=$(cd "$FUZZ_DIR/tmp" && pwd)
export TMPDIR

failed=""
summary=""
for t in "$@"; do
    bin=$FUZZ_DIR/$t
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin is not built (make fuzz-build)" >&2
        exit 2
    fi
    log=$FUZZ_DIR/logs/$t.log
    mkdir -p "$FUZZ_DIR/logs"
    case $mode in
    fuzz)
        corpus=$FUZZ_DIR/corpus/$t
        crashes=$FUZZ_DIR/crashes/$t
        mkdir -p "$corpus" "$crashes"
        dict=""
        [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
        echo "== $t: fuzzing for ${seconds}s (log $log)"
        # shellcheck disable=SC2086
        "$bin" -max_total_time="$seconds" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" \
            -artifact_prefix="$crashes/" -print_final_stats=1 $dict $FUZZ_ARGS \
            "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1
        rc=$?
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1)
        line="$t: ${execs:-?} runs, ${speed:-?} exec/s, ${cov:-cov: ?}, ${ft:-ft: ?}, corpus $(ls "$corpus" | wc -l) files"
        ;;
    regress)
        files=""
        for f in tests/fuzz/regressions/"$t"/* tests/fuzz/seeds/"$t"/*; do
            [ -f "$f" ] && files="$files $f"
        done
        n=$(echo $files | wc -w)
        echo "== $t: $n regression and seed inputs"
        # shellcheck disable=SC2086
        "$bin" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" $files >"$log" 2>&1
        rc=$?
        line="$t: $n inputs"
        ;;
    *)
        echo "run.sh: unknown mode '$mode'" >&2
        exit 64 ;;
    esac
    if [ $rc -ne 0 ]; then
        failed="$failed $t"
        line="$line: FAILED (exit $rc)"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*invariant failed|artifact_prefix|Test unit written|ALARM|.*-fuzzer)' "$log" | head -20 | sed 's/^/    /'
    fi
    summary="$summary$line
"
done
printf '%s' "$summary"
if [ -n "$failed" ]; then
    echo "fuzz: FAILED:$failed (inputs in $FUZZ_DIR/crashes/<target>/, logs in $FUZZ_DIR/logs/)" >&2
    exit 1
fi
exit 0
