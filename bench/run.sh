#!/usr/bin/env bash
# minutebook vs Hugo on generated corpora, in one run on this machine.
#
#   bench/run.sh [WORKDIR]          (default: /tmp/minutebook-bench)
#
# For each size N (SIZES, default "1000 10000") it generates, once, a
# check-clean minutebook site of N weekly reviews and the same bodies as a Hugo
# site (examples/gen_corpus.rs: WORKDIR/mb-N and WORKDIR/mb-N-hugo), then
# times, each run into an output folder of its own (a name not used before
# in the run, see the rounds below) after `sync`:
#   hugo        hugo --quiet over WORKDIR/mb-N-hugo
#   check       minutebook check, hash cache warm
#   check-cold  minutebook check --no-cache (every evidence file re-hashed)
#   build       minutebook build, hash cache warm
#   build-cold  minutebook build --no-cache
# and then, as users run them, rebuilds into each tool's previous output
# (hugo-rebuild, and rebuild: minutebook's in-place rebuild), compared with
# each other
# and prints wall time, CPU time (user+sys), peak memory (/usr/bin/time -v)
# and each figure's ratio to Hugo's. REPEAT=n runs n rounds (each round runs
# Hugo and every minutebook case once, back to back, so that the machine's
# drift falls on both tools alike; Hugo first in even rounds, last in odd
# ones) and keeps each case's run with the median
# wall time. Corpora stay in WORKDIR (outputs: see OUT_DIR), never
# in the repository. Needs Debian's `hugo` and `time` packages (installed with
# apt-get when missing) and a Rust toolchain.
#
# Environment: SIZES, REPEAT (default 1), AS_OF (default 2026-01-01, the date
# the generated sites are clean on), KEEP_OUTPUT=1 to keep the built sites,
# MINUTEBOOK=path to time another minutebook binary, OUT_DIR=folder for the
# built sites of both tools (default WORKDIR: the disk, where users build;
# writing 50,000 files is a large part of a build, and tmpfs hides it),
# TMPFS=1 to put both outputs on /dev/shm instead (the tools' own work,
# without the disk). Besides time and memory it prints each tool's output
# bytes and file count (also as file bytes only, and without the evidence
# files), minutebook's bytes by top-level folder and its
# largest page.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/minutebook-bench}"
sizes="${SIZES:-1000 10000}"
repeat="${REPEAT:-1}"
as_of="${AS_OF:-2026-01-01}"

case "$(realpath -m "$work")/" in
"$here"/*) echo "error: keep the corpora out of the repository ($work)" >&2; exit 2 ;;
esac
mkdir -p "$work"
work="$(cd "$work" && pwd)"
if [ -z "${OUT_DIR:-}" ] && [ -n "${TMPFS:-}" ]; then
    OUT_DIR=/dev/shm/minutebook-bench-out
fi
outs="${OUT_DIR:-$work}"
mkdir -p "$outs"

need_pkg() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "installing $2 ..." >&2
    if ! apt-get install -y "$2" >/dev/null 2>&1; then
        apt-get update >/dev/null 2>&1
        apt-get install -y "$2" >/dev/null
    fi
}
need_pkg hugo hugo
[ -x /usr/bin/time ] || need_pkg /usr/bin/time time

echo "building minutebook and the corpus generator (release) ..." >&2
(cd "$here" && cargo build --release --quiet --bin minutebook --example gen_corpus)
# MINUTEBOOK=/path/to/minutebook times another binary (an older build, for before/after).
mb="${MINUTEBOOK:-$here/target/release/minutebook}"
gen="$here/target/release/examples/gen_corpus"

# One timed run: label, output folder to empty first, then the command.
# Prints "wall_s cpu_s peak_mib".
measure() {
    local out="$1"
    shift
    if [ -z "${KEEP_OUT:-}" ]; then
        rm -rf "$out" "$(dirname "$out")/.$(basename "$out")".*
    fi
    sync
    local log
    log="$(mktemp)"
    if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$log.err"; then
        echo "error: $* failed:" >&2
        tail -5 "$log.err" >&2
        rm -f "$log" "$log.err"
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 }
        /Maximum resident set size/ { m = $2 / 1024 }
        END { printf "%.2f %.2f %.0f\n", w, u + s, m }' "$log"
    rm -f "$log" "$log.err"
}

# The run with the median wall time among lines "label wall cpu mem" of $1.
median_of() { # file label
    awk -v l="$2" '$1 == l { print $2, $3, $4 }' "$1" | sort -n |
        awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

printf '\nminutebook %s vs %s\n' "$("$mb" --version 2>/dev/null | head -1)" "$(hugo version | cut -d' ' -f1-2)"
printf 'machine: %s cores, %s; load average %s\n' "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'as of %s, %s run(s) each (median wall), corpora in %s, outputs in %s\n' "$as_of" "$repeat" "$work" "$outs"

for n in $sizes; do
    site="$work/mb-$n"
    if [ ! -f "$site/.gen-ok" ]; then
        rm -rf "$site" "$site-hugo"
        echo "generating $n reviews into $site ..." >&2
        "$gen" --reviews "$n" "$site" >&2
        touch "$site/.gen-ok"
    fi
    # Warm the hash cache (and the page cache) once, untimed.
    "$mb" check --root "$site" --as-of "$as_of" --quiet >/dev/null
    files="$(find "$site/content/evidence" -type f | wc -l)"
    printf '\nN = %s reviews (%s evidence files)\n' "$n" "$files"
    printf '%-12s %9s %9s %9s %9s %9s\n' run wall_s cpu_s peak_MiB wall/hugo mem/hugo
    # Rounds: each runs Hugo and every minutebook case once, back to back,
    # so that the machine's drift over minutes falls on both tools alike.
    runs="$(mktemp)"
    record() { # label, then what measure takes
        local label="$1" line
        shift
        line="$(measure "$@")" || exit 1
        echo "$label $line" >>"$runs"
    }
    # Every timed run writes to a folder name not used before in this run
    # (out-<case>-N-<round>): on ext4 the cost of creating files grows with
    # each delete and re-create at the same path, which made a later run pay
    # for an earlier one's deletes. Hugo runs first in even rounds and last
    # in odd ones, so neither tool always follows the other's deletes.
    # A build's output is deleted right after it is measured (untimed, then
    # `sync`), except the last round's, which the size figures below read.
    hugo_case() {
        record hugo "$outs/out-hugo-$n-$1" hugo --quiet -s "$site-hugo" -d "$outs/out-hugo-$n-$1"
        done_with "$outs/out-hugo-$n-$1" "$1"
    }
    done_with() { # folder round
        if [ "$2" -lt $((repeat - 1)) ]; then
            rm -rf "$1"
            sync
        fi
    }
    for ((i = 0; i < repeat; i++)); do
        if ((i % 2 == 0)); then hugo_case "$i"; fi
        record check "$outs/out-none" "$mb" check --root "$site" --as-of "$as_of" --quiet
        record check-cold "$outs/out-none" "$mb" check --root "$site" --as-of "$as_of" --quiet --no-cache
        record build "$outs/out-mb-$n-$i" "$mb" build --root "$site" --as-of "$as_of" --quiet -o "$outs/out-mb-$n-$i"
        done_with "$outs/out-mb-$n-$i" "$i"
        record build-cold "$outs/out-mbcold-$n-$i" "$mb" build --root "$site" --as-of "$as_of" --quiet --no-cache -o "$outs/out-mbcold-$n-$i"
        rm -rf "$outs/out-mbcold-$n-$i"
        sync
        if ((i % 2 == 1)); then hugo_case "$i"; fi
    done
    # Rebuilds, as users run them: each tool builds again into its own
    # previous output (Hugo writes over its files; minutebook rebuilds a
    # previous output in place). One untimed build first, then REPEAT timed
    # rebuilds, alternating which tool goes first.
    rb_hugo="$outs/out-hugo-$n-rebuild"
    rb_mb="$outs/out-mb-$n-rebuild"
    rm -rf "$rb_hugo" "$rb_mb"
    hugo --quiet -s "$site-hugo" -d "$rb_hugo" >/dev/null
    "$mb" build --root "$site" --as-of "$as_of" --quiet -o "$rb_mb" >/dev/null
    sync
    for ((i = 0; i < repeat; i++)); do
        if ((i % 2 == 0)); then
            KEEP_OUT=1 record hugo-rebuild "$rb_hugo" hugo --quiet -s "$site-hugo" -d "$rb_hugo"
            KEEP_OUT=1 record rebuild "$rb_mb" "$mb" build --root "$site" --as-of "$as_of" --quiet -o "$rb_mb"
        else
            KEEP_OUT=1 record rebuild "$rb_mb" "$mb" build --root "$site" --as-of "$as_of" --quiet -o "$rb_mb"
            KEEP_OUT=1 record hugo-rebuild "$rb_hugo" hugo --quiet -s "$site-hugo" -d "$rb_hugo"
        fi
    done
    rm -rf "$rb_hugo" "$rb_mb"
    sync
    last=$((repeat - 1))
    rm -rf "$outs/out-mb-$n" "$outs/out-hugo-$n"
    mv "$outs/out-mb-$n-$last" "$outs/out-mb-$n"
    mv "$outs/out-hugo-$n-$last" "$outs/out-hugo-$n"
    read -r hw hc hm < <(median_of "$runs" hugo)
    printf '%-12s %9s %9s %9s %9s %9s\n' hugo "$hw" "$hc" "$hm" 1.00 1.00
    row() { # label wall cpu mem
        printf '%-12s %9s %9s %9s %9s %9s\n' "$1" "$2" "$3" "$4" \
            "$(awk -v a="$2" -v b="$hw" 'BEGIN { printf "%.2f", a / b }')" \
            "$(awk -v a="$4" -v b="$hm" 'BEGIN { printf "%.2f", a / b }')"
    }
    for label in check check-cold build build-cold; do
        read -r w c m < <(median_of "$runs" "$label")
        row "$label" "$w" "$c" "$m"
    done
    # Rebuilds against Hugo's rebuild.
    read -r hw hc hm < <(median_of "$runs" hugo-rebuild)
    printf '%-12s %9s %9s %9s %9s %9s\n' hugo-rebuild "$hw" "$hc" "$hm" 1.00 1.00
    read -r w c m < <(median_of "$runs" rebuild)
    row rebuild "$w" "$c" "$m"
    rm -f "$runs"
    du_mb="$(du -sb "$outs/out-mb-$n" | cut -f1)"
    du_hugo="$(du -sb "$outs/out-hugo-$n" | cut -f1)"
    main_idx="$(wc -c <"$outs/out-mb-$n/search-index.js")"
    shards="$(find "$outs/out-mb-$n/search" -name 'index-*.js' | wc -l)"
    shard_max="$(find "$outs/out-mb-$n/search" -name 'index-*.js' -printf '%s\n' | sort -n | tail -1)"
    printf 'output: minutebook %s bytes in %s files, hugo %s bytes in %s files (%s×)\n' \
        "$du_mb" "$(find "$outs/out-mb-$n" -type f | wc -l)" "$du_hugo" "$(find "$outs/out-hugo-$n" -type f | wc -l)" \
        "$(awk -v a="$du_mb" -v b="$du_hugo" 'BEGIN { printf "%.2f", a / b }')"
    # The same sizes counted other ways, for reading issue 20's 3x: file
    # bytes only (du -sb counts each folder as 4,096 bytes, and SPEC section 4
    # names a folder per review and per action), and minutebook's without
    # the evidence files (files/, input bytes Hugo's site does not carry).
    file_bytes() { find "$1" -type f -printf '%s
' | awk '{ s += $1 } END { printf "%d", s }'; }
    fb_mb="$(file_bytes "$outs/out-mb-$n")"
    fb_hugo="$(file_bytes "$outs/out-hugo-$n")"
    fb_ev="$(file_bytes "$outs/out-mb-$n/files")"
    printf 'file bytes only: minutebook %s, hugo %s (%s×); minutebook without files/ %s (%s×); folders: minutebook %s, hugo %s\n' \
        "$fb_mb" "$fb_hugo" "$(awk -v a="$fb_mb" -v b="$fb_hugo" 'BEGIN { printf "%.2f", a / b }')" \
        "$((fb_mb - fb_ev))" "$(awk -v a="$((fb_mb - fb_ev))" -v b="$fb_hugo" 'BEGIN { printf "%.2f", a / b }')" \
        "$(find "$outs/out-mb-$n" -type d | wc -l)" "$(find "$outs/out-hugo-$n" -type d | wc -l)"
    printf 'minutebook by folder (bytes):'
    (cd "$outs/out-mb-$n" && find . -type f -printf '%s %P\n' |
        awk '{ split($2, p, "/"); k = (p[2] == "" ? "(top)" : p[1]); s[k] += $1 }
             END { for (k in s) printf " %s %d", k, s[k] }')
    printf '\n'
    printf 'largest page: %s\n' "$(find "$outs/out-mb-$n" -name '*.html' -printf '%s bytes %P\n' | sort -n | tail -1)"
    printf 'search: search-index.js %s bytes, %s shard(s) of at most %s bytes\n' "$main_idx" "$shards" "${shard_max:-0}"
    if [ -z "${KEEP_OUTPUT:-}" ]; then
        rm -rf "$outs/out-mb-$n" "$outs/out-hugo-$n"
    fi
done
