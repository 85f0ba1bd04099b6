#!/usr/bin/env bash
# What each hostile file costs `kinerja import` (docs/BENCHMARKS.md): peak memory, time, and
# what it answered. Every file is read or refused with a message naming the limit; none may
# abort or grow past the documented ceiling.
#
#   scripts/hostile-imports.sh            (release build; needs /usr/bin/time, Debian's `time`)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/kinerja-hostile.XXXXXX)
cargo build --release -p kinerja --locked >/dev/null 2>&1
cargo run --release -p kinerja-import --example hostile --locked -- "$work" >/dev/null 2>&1
printf '| file | size | exit | peak RSS | time | answer |\n|---|---|---|---|---|---|\n'
for f in "$work"/*; do
  name=$(basename "$f")
  size=$(du -h "$f" | cut -f1)
  set +e
  /usr/bin/time -f '%M %e' -o "$work/.time" target/release/kinerja import "$f" --dry-run \
    >/dev/null 2>"$work/.err"
  code=$?
  set -e
  read -r rss secs < <(tail -n 1 "$work/.time")
  answer=$(grep -v '^Command' "$work/.err" | head -n 1 | cut -c1-110 || true)
  [ -z "$answer" ] && answer="read"
  printf '| %s | %s | %s | %s MB | %s s | %s |\n' "$name" "$size" "$code" "$((rss / 1024))" "$secs" "$answer"
done
rm -rf "$work"
