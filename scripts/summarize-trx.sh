#!/usr/bin/env bash
# Adds the counters of every .trx file in a folder and prints one closing line: "N passed, N failed, N skipped".
# Exits non-zero when a test failed or when no test ran at all.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
files=("$1"/*.trx)
[ ${#files[@]} -gt 0 ] || die "no test results found in $1"
read -r passed failed skipped < <(
  for f in "${files[@]}"; do
    grep -o '<Counters [^>]*>' "$f" | head -1
  done | awk '{
    for (i = 1; i <= NF; i++) {
      split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]);
      if (kv[1] == "passed") p += kv[2];
      if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") f += kv[2];
      if (kv[1] == "notExecuted") s += kv[2];
    }
  } END { print p + 0, f + 0, s + 0 }'
)
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || exit 1
[ "$passed" -gt 0 ] || die "no test ran"
