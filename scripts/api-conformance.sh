#!/usr/bin/env bash
# The API against its own schema (issue 12): schemathesis generates requests from
# /api/v1/openapi.json of a demo node and checks every answer — documented status codes,
# documented bodies, no 500, valid input accepted and invalid input refused.
#
#   scripts/api-conformance.sh [GRENZELOOS_BINARY]
#
# The binary defaults to the debug build (`cargo build -p grenzeloos`). Schemathesis comes from
# PyPI, pinned, into a virtual environment under ~/.cache/grenzeloos (made on the first run).
# ST_MAX_EXAMPLES (default 25) and ST_SEED (default 20261206) bound and fix the run, so that CI
# sees the same requests every time. Exit code: schemathesis's (0 when nothing failed).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
binary="${1:-${CARGO_TARGET_DIR:-target}/debug/grenzeloos}"
venv="${HOME}/.cache/grenzeloos/schemathesis-${SCHEMATHESIS_VERSION}"
if [ ! -x "$venv/bin/st" ]; then
  echo "Installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
port="${ST_PORT:-18099}"
base="http://127.0.0.1:$port"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export GRENZELOOS_DATABASE_URL="sqlite://$work/api.sqlite"
export GRENZELOOS_AUDIT_KEY_FILE="$work/audit-key"
export GRENZELOOS_LOG="${GRENZELOOS_LOG:-warn}"
"$binary" demo load >/dev/null
# One account that may do everything but read the audit trail (admin and supervisor never go
# together): the generated requests then reach every use case; the audit routes answer 403,
# which their schema documents.
password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)"
printf '%s\n' "$password" | "$binary" user add --username conformance \
  --role admin --role policy --role deployment --role spoc --role forensic --role liaison >/dev/null
"$binary" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

# A personal API token, made by a password session (tokens cannot mint tokens).
login="$(curl -fsS -c "$work/cookies" -H 'content-type: application/json' \
  -d "{\"username\":\"conformance\",\"password\":\"$password\"}" "$base/api/v1/session")"
csrf="$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')"
token="$(curl -fsS -b "$work/cookies" -H 'content-type: application/json' -H "x-csrf-token: $csrf" \
  -d '{"name":"conformance","valid_days":1}' "$base/api/v1/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"

status=0
"$venv/bin/st" run "$base/api/v1/openapi.json" \
  --checks all --exclude-checks ignored_auth \
  --header "Authorization: Bearer $token" \
  --seed "${ST_SEED:-20261206}" --max-examples "${ST_MAX_EXAMPLES:-25}" \
  --workers 1 --request-timeout 30 --no-color \
  --warnings off || status=$?
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked during the run:"; grep -A3 "panicked" "$work/server.log"
  status=1
fi
exit "$status"
