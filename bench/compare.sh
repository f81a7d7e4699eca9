#!/usr/bin/env bash
# Two minutebook binaries on the same site, runs alternating, for a
# before/after figure that the machine's drift does not decide.
#
#   bench/compare.sh OLD NEW [SITE] [RUNS]
#
# OLD and NEW are paths to minutebook binaries (build the old one from a
# worktree: `git worktree add /tmp/old <commit> && cargo build --release
# --manifest-path /tmp/old/Cargo.toml --target-dir /tmp/old-target`). SITE
# defaults to /tmp/minutebook-bench/mb-10000 (made by bench/run.sh), RUNS
# to 5. Each run builds into an emptied OUT_DIR (default /tmp, the disk, as
# users build; TMPFS=1 for /dev/shm) after `sync`; the order alternates OLD, NEW, OLD, ...
# so that a slow minute of the machine falls on both. Prints every run's
# wall and CPU seconds (user + sys) and peak memory, then each binary's
# median wall and CPU time and NEW's ratio to OLD.
#
# Environment: AS_OF (default 2026-01-01), OUT_DIR, TMPFS.
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,16p' "$0" >&2
    exit 2
fi
old="$1"
new="$2"
site="${3:-/tmp/minutebook-bench/mb-10000}"
runs="${4:-5}"
as_of="${AS_OF:-2026-01-01}"
if [ -n "${TMPFS:-}" ] && [ -d /dev/shm ]; then default_out=/dev/shm; else default_out=/tmp; fi
out="${OUT_DIR:-$default_out}/minutebook-compare"

for bin in "$old" "$new"; do
    [ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 2; }
done
[ -d "$site/content" ] || { echo "error: $site is not a minutebook site (run bench/run.sh first)" >&2; exit 2; }

# Warm the hash cache and the page cache once, untimed.
"$new" check --root "$site" --as-of "$as_of" --quiet >/dev/null || true

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
printf '%-4s %-4s %8s %8s %9s\n' run bin wall_s cpu_s peak_MiB
for ((i = 1; i <= runs; i++)); do
    for which in old new; do
        if [ "$which" = old ]; then bin="$old"; else bin="$new"; fi
        rm -rf "$out"
        sync
        line="$(/usr/bin/time -f '%e %U %S %M' "$bin" build --root "$site" --as-of "$as_of" \
            --quiet -o "$out" 2>&1 >/dev/null | tail -1)"
        read -r wall user sys mem <<<"$line"
        cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
        printf '%-4s %-4s %8s %8s %9s\n' "$i" "$which" "$wall" "$cpu" "$((mem / 1024))"
        echo "$which $wall $cpu" >>"$results"
    done
done
rm -rf "$out"

median() { # which column
    awk -v w="$1" -v c="$2" '$1 == w { print $c }' "$results" | sort -n |
        awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
ow="$(median old 2)"; oc="$(median old 3)"
nw="$(median new 2)"; nc="$(median new 3)"
printf '\nmedian  old: %s s wall, %s CPU-s   new: %s s wall, %s CPU-s   new/old: %s wall, %s CPU\n' \
    "$ow" "$oc" "$nw" "$nc" \
    "$(awk -v a="$nw" -v b="$ow" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$nc" -v b="$oc" 'BEGIN { printf "%.2f", a / b }')"
