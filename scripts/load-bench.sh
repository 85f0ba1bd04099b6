#!/usr/bin/env bash
# Load benchmark of the web application on the synthetic national year (docs/BENCHMARKS.md).
#
#   scripts/load-bench.sh [sqlite|postgres] [connections…]
#
# Builds the release binary, writes the synthetic year (553 offices, ~1 million realisations)
# into a fresh database, makes benchmark users and API tokens, starts `kinerja serve`, then runs
# wrk against: the office dashboard (a planner of one regency), the oversight list (KPU RI),
# and realisation posts through the API (each post a different draft realisation of 100
# regencies, then every one of them again, which must be refused). Afterwards it counts in the
# database that every accepted post is there exactly once. Needs wrk (Debian: apt-get install
# wrk) and, for postgres, KINERJA_BENCH_POSTGRES_URL (a server URL; a database is created).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
shift || true
connections=${*:-16 64}
duration=${KINERJA_BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/kinerja-load.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

cargo build --release -p kinerja --locked >/dev/null 2>&1
bin=target/release/kinerja
case "$backend" in
  sqlite) db="sqlite://$work/k.db" ;;
  postgres)
    base=${KINERJA_BENCH_POSTGRES_URL:?set KINERJA_BENCH_POSTGRES_URL}
    name=kinerja_load_$$
    psql "$base" -qc "CREATE DATABASE $name" >/dev/null
    db="${base%/*}/$name"
    trap 'kill $(jobs -p) 2>/dev/null || true; psql "$base" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
    ;;
  *) echo "backend: sqlite or postgres" >&2; exit 2 ;;
esac
echo "== $backend: writing the synthetic national year"
$bin --db "$db" bench --runs 1 | sed 's/^/   /'

pw=benchmark-password
add() { echo "$pw" | $bin --db "$db" user add "$1" --name "$1" --role "$2" --office "$3" >/dev/null; }
add bench.ri oversight sx-0001
add bench.planner planner sx-0100
declare -a offices=()
for i in $(seq 100 199); do
  code=$(printf 'sx-%04d' "$i")
  add "bench.p$i" planner "$code"
  offices+=("$code:$($bin --db "$db" user token "bench.p$i" --name load 2>/dev/null)")
done

port=$((20000 + RANDOM % 20000))
KINERJA_LOG=warn,kinerja_web=info $bin --db "$db" serve --listen "127.0.0.1:$port" --year 2024 --files "$work/berkas" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# The server computes the oversight figures in the background at start; wait for them.
started=$(date +%s.%N)
for _ in $(seq 1 600); do grep -q "oversight figures ready" "$work/serve.log" && break; sleep 0.2; done
printf '   oversight figures of 553 offices ready %.1f s after start\n' "$(echo "$(date +%s.%N) - $started" | bc)"
echo "   server memory after start (RSS): $(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024)) MB"

cookie_of() {
  local jar="$work/$1.jar"
  local csrf
  csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/masuk" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=$1" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/masuk"
  awk '$6 == "kinerja_sesi" {print $7}' "$jar"
}
planner=$(cookie_of bench.planner)
ri=$(cookie_of bench.ri)

# The posts: draft realisations of November and December of the 100 regencies' indicators.
python3 - "$work/post.lua" "$port" "${offices[@]}" <<'PY'
import json, sys, urllib.request
out, port, offices = sys.argv[1], sys.argv[2], sys.argv[3:]
slots = []
for entry in offices:
    code, token = entry.split(":", 1)
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/offices/{code}/plan?tahun=2024",
                                 headers={"Authorization": f"Bearer {token}"})
    plan = json.load(urllib.request.urlopen(req))
    for o in plan["objectives"]:
        # The top unit's indicators are fed by cascades: no realisation to post.
        if o.get("unit") == "unit-0":
            continue
        for i in o["indicators"]:
            for period in ("B11", "B12"):
                slots.append((token, code, i["id"], period))
with open(out, "w") as f:
    f.write("slots = {\n")
    for t, c, i, p in slots:
        f.write(f'  {{"{t}", "{c}", {i}, "{p}"}},\n')
    f.write("}\n")
print(f"   {len(slots)} draft realisations to post")
PY
cat >>"$work/post.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  n = 0
  statuses = {}
end
function request()
  local k = (n * #threads_count + id) % #slots + 1
  n = n + 1
  local s = slots[k]
  local body = string.format('{"indicator": %d, "period": "%s", "value": "7 laporan", "version": 1}', s[3], s[4])
  return wrk.format("POST", "/api/v1/offices/" .. s[2] .. "/realisations",
    {["Authorization"] = "Bearer " .. s[1], ["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("   status %d: %d\n", k, v)) end
end
LUA
sed -i 's/#threads_count/WRK_THREADS/' "$work/post.lua"

run() { # label, url, cookie, connections
  local out
  out=$(wrk -t2 -c"$4" -d"${duration}s" --latency -H "Cookie: kinerja_sesi=$3" "$2")
  printf '   %-34s c=%-3s %s req/s  p50 %s  p99 %s\n' "$1" "$4" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
  grep -q "Non-2xx" <<<"$out" && grep "Non-2xx" <<<"$out" | sed 's/^/   /' || true
}
echo "== $backend: reads (${duration} s each)"
for c in $connections; do
  run "office dashboard (sx-0100)" "http://127.0.0.1:$port/kantor/sx-0100?tahun=2024" "$planner" "$c"
  run "oversight list (KPU RI, 553)" "http://127.0.0.1:$port/?tahun=2024" "$ri" "$c"
done
echo "   server memory (RSS): $(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024)) MB, peak $(($(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024)) MB"

echo "== $backend: realisation posts"
slots=$(grep -c '^  {' "$work/post.lua")
accepted=0
for c in $connections; do
  sed "s/WRK_THREADS/2/" "$work/post.lua" >"$work/post-run.lua"
  out=$(wrk -t2 -c"$c" -d"${duration}s" --latency -s "$work/post-run.lua" "http://127.0.0.1:$port")
  printf '   posts c=%-3s %s req/s  p50 %s  p99 %s\n' "$c" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
  grep "status" <<<"$out" || true
  accepted=$((accepted + $(awk '$1 == "status" && $2 == "200:" {print $3}' <<<"$out" | head -1 | sed 's/^$/0/')))
done
echo "   server memory (RSS): $(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024)) MB, peak $(($(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024)) MB"
kill "$server"; wait "$server" 2>/dev/null || true
case "$backend" in
  sqlite) saved=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM realisations WHERE value_raw = '7 laporan'\").fetchone()[0])" "$work/k.db") ;;
  postgres) saved=$(psql "$db" -Atc "SELECT COUNT(*) FROM realisations WHERE value_raw = '7 laporan'") ;;
esac
# wrk stops counting at its deadline while up to one request per connection is still on its
# way: those may be stored without their 200 being counted. Nothing accepted may be missing.
max_c=$(tr ' ' '\n' <<<"$connections" | sort -n | tail -1)
if [ "$saved" -ge "$accepted" ] && [ "$saved" -le $((accepted + max_c * $(wc -w <<<"$connections"))) ]; then
  verdict="no accepted post lost; the $((saved - accepted)) more were in flight when wrk stopped"
else
  verdict="MISMATCH"
fi
echo "   accepted posts: $accepted; rows holding a post: $saved (of $slots slots): $verdict"
rm -rf "$work"
