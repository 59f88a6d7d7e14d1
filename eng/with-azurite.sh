#!/usr/bin/env bash
# Usage: eng/with-azurite.sh <command...>
# Runs the command with a throw-away Azurite (blob, queue, table) on 127.0.0.1 and HUB_TEST_AZURITE set to
# its connection string; Azurite is stopped afterwards, whether or not the command succeeded.
# Ports: AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
azurite="$root/node_modules/.bin/azurite"

# npm writes node_modules/.package-lock.json on every install, so it is older than package-lock.json
# exactly when the lock file changed after the last install.
if [[ ! -x "$azurite" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
  echo "with-azurite: installing Azurite (npm ci)" >&2
  (cd "$root" && npm ci --no-audit --no-fund) >&2
fi

port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

for port in "$blob_port" "$queue_port" "$table_port"; do
  if port_answers "$port"; then
    echo "with-azurite: port $port on 127.0.0.1 is already in use (another Azurite?)." \
      "Stop it or choose other ports with AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT." >&2
    exit 1
  fi
done

workspace="$(mktemp -d "${TMPDIR:-/tmp}/hub-azurite.XXXXXX")"
azurite_pid=""

stop_azurite() {
  local status=$?
  if [[ -n "$azurite_pid" ]] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$azurite_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
  rm -rf "$workspace"
  exit "$status"
}
trap stop_azurite EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In-memory, so nothing outlives the run; the temp folder is only a working directory for stray files.
(cd "$workspace" && exec "$azurite" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  --inMemoryPersistence \
  --skipApiVersionCheck --loose --silent --disableTelemetry) \
  >"$workspace/azurite.log" 2>&1 &
azurite_pid=$!

deadline=$((SECONDS + 30))
until port_answers "$blob_port"; do
  if ! kill -0 "$azurite_pid" 2>/dev/null; then
    echo "with-azurite: Azurite exited before it listened on 127.0.0.1:$blob_port. Its output:" >&2
    cat "$workspace/azurite.log" >&2 || true
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "with-azurite: Azurite did not answer on 127.0.0.1:$blob_port within 30 s. Its output:" >&2
    cat "$workspace/azurite.log" >&2 || true
    exit 1
  fi
  sleep 0.2
done

account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export HUB_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"

set +e
"$@"
status=$?
set -e
exit "$status"
