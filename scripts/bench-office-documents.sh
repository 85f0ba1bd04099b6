#!/bin/sh
# Every document of KPU Kota Metro 2024 in FORMAT ($1): the PK of each of the 5 units that have
# one, the RAK of each of the 6 units that have actions, RKT, IKU, LKj, the office's monitoring
# report for TW1 (15 processes).
# Usage: scripts/bench-office-documents.sh pdf|docx|xlsx  (from the repository root, after
#   cargo build --release -p kinerja && target/release/kinerja --db sqlite:///tmp/bench/demo.db demo)
# Time it with /usr/bin/time; files go to /tmp/bench/out.
set -e
R=$(realpath "${KINERJA_BIN:-target/release/kinerja}")
export KINERJA_DATABASE_URL=${KINERJA_DATABASE_URL:-sqlite:///tmp/bench/demo.db}
F=$1
mkdir -p /tmp/bench/out
cd /tmp/bench
for u in komisi subbag-rendatin subbag-kul subbag-teknis subbag-hukum; do
  $R doc pk --office kpu-kota-metro --year 2024 --unit $u --format $F -o out/pk-$u.$F 2>/dev/null || exit 1
done
for u in komisi sekretariat subbag-rendatin subbag-kul subbag-teknis subbag-hukum; do
  $R doc rak --office kpu-kota-metro --year 2024 --unit $u --format $F -o out/rak-$u.$F 2>/dev/null || exit 1
done
for k in rkt iku lkj; do $R doc $k --office kpu-kota-metro --year 2024 --format $F -o out/$k.$F 2>/dev/null || exit 1; done
$R doc monitoring --office kpu-kota-metro --year 2024 --period TW1 --format $F -o out/mon.$F 2>/dev/null || exit 1
