#!/usr/bin/env bash
# The full fault suite (the README's "Guarantees" figures): SIGKILL rounds on every catalog and
# warehouse pair, then the malformed inputs. Needs the launcher's classpath (mvn package -pl server
# -am) and the test requirements; starts its own PostgreSQL on SHEAF_TEST_PG_PORT (default 55432).
#
#   tests/faults/run.sh [ROUNDS] [REPORT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-20}"
out="${2:-$root/tests/faults/target}"
mkdir -p "$out"
export SHEAF_TEST_PG_PORT="${SHEAF_TEST_PG_PORT:-55432}"
"$root/tests/services/postgres.sh" start
trap '"$root/tests/services/postgres.sh" stop' EXIT
status=0
for catalog in sqlite postgres; do
  for warehouse in local s3; do
    python3 "$root/tests/faults/crash_rounds.py" --rounds "$rounds" --catalog "$catalog" \
      --warehouse "$warehouse" --seed "$rounds" --report "$out/crash-$catalog-$warehouse.json" \
      >/dev/null 2>"$out/crash-$catalog-$warehouse.log" || status=1
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(sys.argv[1].split('/')[-1], \
{k: r[k] for k in ('rounds','kills','statements_acknowledged','in_flight_landed','rows_checked','lost')}, \
len(r['failures']), 'failures')" "$out/crash-$catalog-$warehouse.json"
  done
done
python3 "$root/tests/faults/malformed_inputs.py" --inputs 500 --report "$out/malformed.json" \
  >/dev/null 2>"$out/malformed.log" || status=1
python3 -c "import json; r=json.load(open('$out/malformed.json')); print('malformed', \
{k: r[k] for k in ('inputs','succeeded','sheaf_errors','probes','memory_held_at_shutdown')}, \
len(r['failures']) + len(r['internal_errors']), 'failures')"
exit $status
