#!/usr/bin/env bash
# The SAKIP evaluation pages under wrk: the demo (KPU Kota Metro 2024) with every criterion
# answered at both stages, served by the release binary on SQLite; one connection (the time
# of one request, loopback included) and 16 connections, 10 s each.
#
#   scripts/lke-page-bench.sh            (needs Debian's wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${KINERJA_BENCH_SECONDS:-10}
cargo build --release -p kinerja --locked >/dev/null
bin=target/release/kinerja
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/k.db"
port=8097
base="http://127.0.0.1:$port"
"$bin" --db "$db" serve --demo --listen "127.0.0.1:$port" --files "$work/berkas" >"$work/serve.log" 2>&1 &
server=$!
until grep -q "Kinerja berjalan" "$work/serve.log"; do sleep 0.5; done
# Every criterion answered, Y/T ones Y and graded ones B, at both stages; proposed.
"$bin" --db "$db" lke template --year 2024 --json \
    | python3 -c 'import json,sys; t=json.load(sys.stdin); print("\n".join(k["code"]+","+("Y" if k["answer"]=="yt" else "B")+",catatan" for c in t["components"] for s in c["subcomponents"] for k in s["criteria"]))' \
    >"$work/answers.csv"
for stage in self final; do
    "$bin" --db "$db" lke answer --office kpu-kota-metro --year 2024 --stage "$stage" --file "$work/answers.csv" >/dev/null
done
"$bin" --db "$db" lke review --office kpu-kota-metro --year 2024 --step propose >/dev/null
# A session cookie for a user.
cookie() {
    local jar="$work/$1.jar"
    local token
    token=$(curl -s -c "$jar" "$base/masuk" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=$1" --data-urlencode "password=kinerja-demo" \
        --data-urlencode "csrf=$token" "$base/masuk"
    awk '$6 == "kinerja_sesi" { print "kinerja_sesi=" $7 }' "$jar"
}
planner=$(cookie perencana.metro)
national=$(cookie pengawas.ri)
run() {
    local name=$1 who=$2 path=$3
    for c in 1 16; do
        local t=$((c < 2 ? 1 : 2))
        printf '%s, %s connection(s): ' "$name" "$c"
        wrk -t"$t" -c"$c" -d"${seconds}s" --latency -H "Cookie: $who" "$base$path" \
            | awk '/Requests\/sec/ { rps=$2 } / 50%/ { p50=$2 } / 99%/ { p99=$2 } /Non-2xx/ { bad=$0 } END { print rps " req/s, p50 " p50 ", p99 " p99 (bad ? ", " bad : "") }'
    done
}
# Each page once before it is measured (caches filled, as on a server that has run a while).
for path in /kantor/kpu-kota-metro/evaluasi?tahun=2024 /kantor/kpu-kota-metro/evaluasi/komponen/1?tahun=2024; do
    curl -s -o /dev/null -H "Cookie: $planner" "$base$path"
done
curl -s -o /dev/null -H "Cookie: $national" "$base/pengawasan/evaluasi?tahun=2024"
run "evaluation of the year (overview)" "$planner" "/kantor/kpu-kota-metro/evaluasi?tahun=2024"
run "component 1 (25 criteria, facts)" "$planner" "/kantor/kpu-kota-metro/evaluasi/komponen/1?tahun=2024"
run "grades of every office (KPU RI)" "$national" "/pengawasan/evaluasi?tahun=2024"
