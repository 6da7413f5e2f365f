# Shared by tests/openapi/fuzz and tests/openapi/client: a real rapport
# server on a free port with a fresh SQLite database and an organization of
# its own (an admin and a member, both in the team Core), and a way to get
# a personal access token through the API itself. Source it; it sets
# $base, $work and $password, and stops the server on exit.

bin="${1:-${CARGO_TARGET_DIR:-$(dirname "${BASH_SOURCE[0]}")/../../target}/debug/rapport}"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
password="fuzzing is a fine way to spend an afternoon"
export RAPPORT_DATABASE_URL="sqlite://$work/api.db?mode=rwc"

"$bin" admin create-org --name "API Testing" --slug api-testing >/dev/null
for who in admin member; do
  echo "$password" | "$bin" admin create-user --org api-testing --email "$who@api.example" \
    --name "${who^} Person" --role "$who" --team Core --password-stdin >/dev/null
done

"$bin" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done

# token admin|member: a new personal access token for that person.
token() {
  local jar="$work/$1.cookies"
  curl -sf -c "$jar" -H 'content-type: application/json' \
    -d "{\"email\":\"$1@api.example\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
  curl -sf -b "$jar" -H 'content-type: application/json' -d '{"name":"api tests"}' "$base/api/v1/tokens" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# Fails when the server logged an error or a panic.
server_log_is_clean() {
  if grep -q ' ERROR \| panicked' "$work/server.log"; then
    echo "the server logged errors:"
    grep ' ERROR \| panicked' "$work/server.log" | head -20
    return 1
  fi
}
