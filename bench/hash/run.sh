#!/usr/bin/env bash
# Evidence-hashing benchmark: minutebook against openssl and sha256sum.
#
# Generates (once, reused on later runs) a site under $BENCH_DIR with
#   content/evidence/one/big.bin        one $BIG_MIB MiB file of random bytes
#   content/evidence/many/f000000...    $MANY_COUNT files of $MANY_KIB KiB
# and times, on the same bytes, from the page cache (files are read once
# before timing, so disk speed is out of the picture):
#   - openssl dgst -sha256 and sha256sum, one process and $JOBS processes
#     (find -print0 | xargs -0 -P$JOBS -n500), for each workload;
#   - minutebook lock --no-cache --root SITE (peak memory via /usr/bin/time -v),
#     then checks the lock it wrote with `sha256sum -c --strict`;
#   - minutebook check --root SITE twice: cold hash cache, then warm.
# It prints a table with wall seconds, MiB/s, peak RSS and the ratio
# tool_time / minutebook_time (above 1: minutebook is faster).
#
# Workloads "one" and "many" are separate sites made of hard links to the
# same files, so minutebook hashes exactly what the other tools hash.
#
# Environment (all optional):
#   BENCH_DIR=/tmp/minutebook-bench-hash  BIG_MIB=1024  MANY_COUNT=10000
#   MANY_KIB=100  JOBS=$(nproc)  RUNS=1 (best of N)  BUILD=1 (cargo build --release)
#   MINUTEBOOK=<repo>/target/release/minutebook
# Exit status: 0 when every minutebook run worked and its lock verified, 1
# otherwise, 2 for a missing tool or too little disk space.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/minutebook-bench-hash}
BIG_MIB=${BIG_MIB:-1024}
MANY_COUNT=${MANY_COUNT:-10000}
MANY_KIB=${MANY_KIB:-100}
JOBS=${JOBS:-$(nproc)}
RUNS=${RUNS:-1}
BUILD=${BUILD:-1}
MINUTEBOOK=${MINUTEBOOK:-$REPO/target/release/minutebook}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi

die() { echo "bench/hash: $*" >&2; exit 2; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not installed"; }
for tool in head find xargs split awk date df openssl sha256sum cp nproc; do need "$tool"; done
[[ $BUILD == 1 ]] && need cargo
for n in BIG_MIB MANY_COUNT MANY_KIB JOBS RUNS; do
    [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
((MANY_COUNT <= 1000000)) || die "MANY_COUNT must be at most 1000000"

TIMEV=
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    TIMEV=/usr/bin/time
else
    echo "note: GNU /usr/bin/time not found: peak memory will not be measured" >&2
fi

ALL=$BENCH_DIR/site-all
ONE=$BENCH_DIR/site-one
MANY=$BENCH_DIR/site-many
LOGS=$BENCH_DIR/logs
MARK="big=$BIG_MIB many=$MANY_COUNT x ${MANY_KIB}KiB v1"

write_site_files() { # $1 = site root
    mkdir -p "$1/content/evidence" "$1/content/reviews"
    printf 'title: hashing benchmark\norganisation: Bench Ltd\n' >"$1/minutebook.yaml"
    printf 'ceo: {name: Bench Chair, role: Chief Executive Officer, top_management: true}\n' \
        >"$1/content/people.yaml"
}

generate() {
    if [[ -f $BENCH_DIR/.generated && $(cat "$BENCH_DIR/.generated") == "$MARK" ]]; then
        echo "reusing the generated site in $BENCH_DIR ($MARK)"
        return
    fi
    rm -rf "$ALL" "$ONE" "$MANY" "$BENCH_DIR/.generated"
    mkdir -p "$BENCH_DIR"
    local need_kib=$(((BIG_MIB * 1024 + MANY_COUNT * MANY_KIB) * 11 / 10))
    local avail_kib
    avail_kib=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
    ((avail_kib > need_kib)) ||
        die "need $((need_kib / 1024)) MiB free in $BENCH_DIR, have $((avail_kib / 1024)) MiB"
    echo "generating $MARK in $BENCH_DIR ..."
    write_site_files "$ALL"
    mkdir -p "$ALL/content/evidence/one" "$ALL/content/evidence/many"
    head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom >"$ALL/content/evidence/one/big.bin"
    head -c $((MANY_COUNT * MANY_KIB * 1024)) /dev/urandom |
        split -b $((MANY_KIB * 1024)) -a 6 -d - "$ALL/content/evidence/many/f"
    for pair in "$ONE:one" "$MANY:many"; do
        write_site_files "${pair%%:*}"
        cp -al "$ALL/content/evidence/${pair#*:}" "${pair%%:*}/content/evidence/"
    done
    echo "$MARK" >"$BENCH_DIR/.generated"
}

build() {
    if [[ $BUILD == 1 ]]; then
        echo "building minutebook (cargo build --release) ..."
        (cd "$REPO" && cargo build --release --quiet) || echo "warning: cargo build failed" >&2
    fi
    [[ -x $MINUTEBOOK ]] || echo "warning: $MINUTEBOOK not found: minutebook rows will fail" >&2
}

# Results, by "workload|tool": best wall seconds, peak RSS KiB, status.
declare -A WALL RSS STATUS
ORDER=()

# measure WORKLOAD TOOL OK_CODES CMD...: runs CMD $RUNS times in the site's
# folder, keeps the best wall time; OK_CODES is a regex of accepted exit codes.
measure() {
    local workload=$1 tool=$2 ok=$3
    shift 3
    local key="$workload|$tool" best= rss= status=ok run
    local log="$LOGS/${workload}-${tool//[^A-Za-z0-9-]/_}.log"
    for ((run = 1; run <= RUNS; run++)); do
        [[ -n ${PRE_RUN:-} ]] && eval "$PRE_RUN"
        local t0 t1 rc=0
        t0=$(date +%s.%N)
        if [[ -n $TIMEV ]]; then
            "$TIMEV" -v -o "$log.time" "$@" >"$log" 2>&1 || rc=$?
        else
            "$@" >"$log" 2>&1 || rc=$?
        fi
        t1=$(date +%s.%N)
        if [[ ! $rc =~ ^($ok)$ ]]; then
            status="failed (exit $rc, see $log)"
            break
        fi
        local wall
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if [[ -z $best ]] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
            best=$wall
        fi
        if [[ -n $TIMEV && -f $log.time ]]; then
            rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
        fi
    done
    WALL[$key]=${best:-}
    RSS[$key]=${rss:-}
    STATUS[$key]=$status
    ORDER+=("$key")
    printf '  %-6s %-34s %s\n' "$workload" "$tool" "${best:+${best}s}${best:+ }$([[ $status == ok ]] || echo "$status")"
}

hash_with() { # TOOL PROCS DIR: every file under DIR through TOOL, PROCS at a time
    local tool=$1 procs=$2 dir=$3
    if [[ $tool == openssl ]]; then
        find "$dir" -type f -print0 | xargs -0 -P"$procs" -n500 openssl dgst -sha256 >/dev/null
    else
        find "$dir" -type f -print0 | xargs -0 -P"$procs" -n500 sha256sum >/dev/null
    fi
}
export -f hash_with

verify_lock() { # SITE: the lock minutebook wrote passes sha256sum -c and lists every file
    local site=$1 files lines
    files=$(find "$site/content/evidence" -type f | wc -l)
    [[ -f $site/evidence.lock ]] || { echo "no evidence.lock written"; return 1; }
    lines=$(wc -l <"$site/evidence.lock")
    [[ $files == "$lines" ]] || { echo "lock has $lines lines for $files files"; return 1; }
    (cd "$site" && sha256sum -c --strict --quiet evidence.lock) || { echo "sha256sum -c failed"; return 1; }
}

main() {
    generate
    build
    mkdir -p "$LOGS"
    echo "warming the page cache ..."
    find "$ALL/content/evidence" -type f -print0 | xargs -0 cat >/dev/null

    local many_mib total_mib
    many_mib=$(awk -v c="$MANY_COUNT" -v k="$MANY_KIB" 'BEGIN { printf "%.1f", c * k / 1024 }')
    total_mib=$(awk -v a="$BIG_MIB" -v b="$many_mib" 'BEGIN { printf "%.1f", a + b }')
    declare -A MIB=([one]=$BIG_MIB [many]=$many_mib [all]=$total_mib)
    declare -A SITE=([one]=$ONE [many]=$MANY [all]=$ALL)
    local failed=0 w

    echo "timing (best of $RUNS) ..."
    for w in one many all; do
        local ev="${SITE[$w]}/content/evidence"
        measure "$w" "openssl 1 process" 0 bash -c 'hash_with openssl 1 "$0"' "$ev"
        measure "$w" "sha256sum 1 process" 0 bash -c 'hash_with sha256sum 1 "$0"' "$ev"
        if [[ $w != one ]]; then
            measure "$w" "openssl -P$JOBS" 0 bash -c 'hash_with openssl "$1" "$0"' "$ev" "$JOBS"
            measure "$w" "sha256sum -P$JOBS" 0 bash -c 'hash_with sha256sum "$1" "$0"' "$ev" "$JOBS"
        fi
        PRE_RUN="rm -f '${SITE[$w]}/evidence.lock'" \
            measure "$w" "minutebook lock --no-cache" 0 "$MINUTEBOOK" lock --no-cache --root "${SITE[$w]}"
        if [[ ${STATUS[$w|minutebook lock --no-cache]} == ok ]]; then
            local why
            if why=$(verify_lock "${SITE[$w]}" 2>&1); then
                echo "         lock verified with sha256sum -c"
            else
                echo "         LOCK WRONG: $why"
                STATUS[$w|minutebook lock --no-cache]="lock wrong: $why"
                failed=1
            fi
        else
            failed=1
        fi
    done
    # check exits 1 when the bare site has findings: that is not a failure here.
    PRE_RUN="rm -rf '$ALL/.minutebook'" \
        measure all "minutebook check (cold cache)" '0|1' "$MINUTEBOOK" check --root "$ALL"
    measure all "minutebook check (warm cache)" '0|1' "$MINUTEBOOK" check --root "$ALL"
    for k in "all|minutebook check (cold cache)" "all|minutebook check (warm cache)"; do
        [[ ${STATUS[$k]} == ok ]] || failed=1
    done

    echo
    echo "machine: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)," \
        "$(nproc) CPUs, SHA extensions: $(grep -qw -e sha_ni -e sha2 /proc/cpuinfo 2>/dev/null && echo yes || echo no/unknown)"
    echo "tools: $(openssl version | cut -d' ' -f1-2), $(sha256sum --version | head -1)"
    echo "data: one = ${BIG_MIB} MiB file; many = $MANY_COUNT x $MANY_KIB KiB; all = both (${total_mib} MiB); page cache warm"
    echo
    printf '%-6s %-32s %9s %9s %10s %12s\n' workload tool "wall s" "MiB/s" "peak MiB" "t/minutebook"
    printf '%s\n' "------------------------------------------------------------------------------------"
    local key
    for key in "${ORDER[@]}"; do
        local wl=${key%%|*} tool=${key#*|} wall=${WALL[$key]} rss=${RSS[$key]} status=${STATUS[$key]}
        local mbkey="$wl|minutebook lock --no-cache" rate=- peak=- ratio=-
        if [[ $status != ok || -z $wall ]]; then
            printf '%-6s %-32s %s\n' "$wl" "$tool" "$status"
            continue
        fi
        [[ $tool == "minutebook check (warm cache)" ]] ||
            rate=$(awk -v m="${MIB[$wl]}" -v t="$wall" 'BEGIN { printf "%.0f", (t > 0 ? m / t : 0) }')
        [[ -n $rss ]] && peak=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
        if [[ $tool != minutebook* && ${STATUS[$mbkey]:-} == ok && -n ${WALL[$mbkey]:-} ]]; then
            ratio=$(awk -v a="$wall" -v b="${WALL[$mbkey]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        fi
        printf '%-6s %-32s %9s %9s %10s %12s\n' "$wl" "$tool" "$wall" "$rate" "$peak" "$ratio"
    done
    echo
    echo "t/minutebook: that tool's wall time / 'minutebook lock --no-cache' on the same files (> 1: minutebook faster)."
    echo "peak MiB of xargs rows is the largest single process. Logs: $LOGS. Remove the data: rm -rf $BENCH_DIR"
    return "$failed"
}

main
