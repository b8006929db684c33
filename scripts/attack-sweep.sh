#!/usr/bin/env bash
# The front door under attack: starts the built portal as Production (HTTPS with a throwaway certificate, SQLite in a
# temporary directory, one admin) and tries what an attacker would, printing each defence as it holds:
# security headers, account enumeration, password guessing (throttling and lockout), oversized and malformed input,
# demo accounts outside Development, plain HTTP. Exits non-zero if any defence is missing.
#   scripts/attack-sweep.sh            (builds src/Portal.Web first)
#   scripts/attack-sweep.sh --no-build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

[ "${1:-}" = "--no-build" ] || dotnet build src/Portal.Web -c Release -nologo -clp:ErrorsOnly >/dev/null || die "the build failed"
dll=src/Portal.Web/bin/Release/net10.0/Portal.Web.dll
[ -f "$dll" ] || die "$dll is missing: build first"
for tool in curl openssl python3; do command -v $tool >/dev/null || die "$tool is missing (scripts/install-test-deps.sh installs it)"; done

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

failures=0
pass() { printf '  \033[1;32mheld\033[0m   %s\n' "$*"; }
fail() { printf '  \033[1;31mFAILED\033[0m %s\n' "$*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -subj /CN=localhost -days 1 2>/dev/null
export ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1
export Portal__Database__DataDirectory="$work/data" Portal__Collector__Enabled=false
admin=root@portal.example
PORTAL_ADMIN_PASSWORD='Sweep-admin-pass-1!' dotnet "$dll" create-admin "$admin" >/dev/null

port=$(free_port)
url="https://127.0.0.1:$port"
dotnet "$dll" --urls "$url" --Kestrel:Certificates:Default:Path="$work/cert.pem" \
  --Kestrel:Certificates:Default:KeyPath="$work/key.pem" >"$work/portal.log" 2>&1 &
pids+=($!)
wait_until 60 "the portal answering on $url" curl -skf "$url/healthz"
say "attacking $url (Production)"

c() { curl -sk --max-time 30 "$@"; }
headers_of() { c -o /dev/null -D - "$@" | tr -d '\r'; }
has_headers() {
  local h; h=$(headers_of "$@")
  grep -qi "^content-security-policy: .*script-src 'self';" <<<"$h" && ! grep -qi "unsafe-eval\|script-src[^;]*unsafe-inline" <<<"$h" &&
    grep -qi "frame-ancestors 'none'" <<<"$h" && grep -qi '^x-content-type-options: nosniff' <<<"$h" &&
    grep -qi '^referrer-policy: same-origin' <<<"$h" && grep -qi '^permissions-policy:' <<<"$h"
}
say "security headers"
check "on a page (sign-in)" has_headers "$url/account/login"
check "on an API answer (401)" has_headers "$url/api/vms"
check "on a static file" has_headers "$url/favicon.svg"
check "on the circuit's hub" has_headers -X POST "$url/_blazor/negotiate?negotiateVersion=1"
check "on a 404" has_headers "$url/no-such-page"

# A sign-in post from a fresh session: the form's token and cookie, then the answer's status and body.
sign_in() {
  local email=$1 password=$2 jar="$work/jar-$RANDOM" page token
  page=$(c -c "$jar" "$url/account/login")
  token=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
  [ -n "$token" ] || token=$(sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
  c -b "$jar" -o "$work/answer" -w '%{http_code}' -D "$work/answer-headers" "$url/account/login" \
    --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password"
}
# The page without what differs on every response (tokens, the component state Blazor embeds).
normalized() { sed -e 's/value="[^"]*"/value=""/g' -e 's/<!--Blazor-Server-Component-State:[^>]*-->//g' -e 's/<!--Blazor:[^>]*-->//g' "$1"; }

say "account enumeration"
status_unknown=$(sign_in nobody@nowhere.example 'Wrong-password-1!'); normalized "$work/answer" >"$work/unknown"
status_wrong=$(sign_in "$admin" 'Wrong-password-1!'); normalized "$work/answer" >"$work/wrong"
check "unknown email and wrong password answer alike ($status_unknown, $status_wrong)" \
  bash -c "[ '$status_unknown' = 200 ] && [ '$status_wrong' = 200 ] && cmp -s '$work/unknown' '$work/wrong'"

say "oversized and malformed input"
head -c 400000 /dev/zero | tr '\0' a >"$work/big"
big=$(c -o /dev/null -w '%{http_code}' "$url/account/invitation" --data-urlencode "Input.Password@$work/big")
check "a 400 kB form is refused ($big)" bash -c "[ '$big' = 413 ] || [ '$big' = 400 ]"
nul=$(c -o "$work/nul" -w '%{http_code}' "$url/account/invitation" --data 'Input.Password=a%00b')
check "a NUL character is a 400 with problem details ($nul)" bash -c "[ '$nul' = 400 ] && grep -q '\"status\":400' '$work/nul'"
fields=$(c -o /dev/null -w '%{http_code}' "$url/account/invitation" --data "$(seq -f 'f%g=x' -s '&' 1 500)")
check "500 fields are a 400 ($fields)" bash -c "[ '$fields' = 400 ]"
check "the portal is still up" curl -skf "$url/healthz" -o /dev/null

say "password guessing from one address"
codes=()
for _ in $(seq 1 28); do codes+=("$(sign_in "$admin" 'Guess-password-1!')"); done
allowed=$(printf '%s\n' "${codes[@]}" | grep -c '^200$' || true)
throttled=$(printf '%s\n' "${codes[@]}" | grep -c '^429$' || true)
check "throttled after the allowance ($allowed answered, $throttled refused with 429)" bash -c "[ $throttled -gt 0 ] && [ $((allowed + throttled)) = 28 ]"
check "429 carries Retry-After and a page" bash -c "grep -qi '^retry-after: [0-9]' '$work/answer-headers' && grep -q 'data-testid=\"throttled\"' '$work/answer'"
audit() { python3 - "$work/data/portal.db" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute('select count(*) from AuditEntries where Action = ?', (sys.argv[2],)).fetchone()[0])
PY
}
check "guesses and throttling are in the audit trail ($(audit account.signin) sign-in rows, $(audit account.throttled) throttled)" \
  bash -c "[ $(audit account.signin) -ge 2 ] && [ $(audit account.throttled) -ge 1 ]"

say "demo accounts outside Development"
set +e
out=$(ASPNETCORE_ENVIRONMENT=Staging Portal__Demo=true Portal__Database__DataDirectory="$work/staging" dotnet "$dll" 2>&1)
code=$?
set -e
refused_in_one_line() { [ "$code" = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q 'Portal:Demo' <<<"$out"; }
check "Staging with demo on refuses to start (exit $code): $(head -c 100 <<<"$out")…" refused_in_one_line
check "the sign-in page lists no demo accounts" bash -c "! curl -sk '$url/account/login' | grep -q 'demo-accounts'"

say "plain HTTP"
plain_port=$(free_port)
Portal__Database__DataDirectory="$work/plain-data" dotnet "$dll" --urls "http://127.0.0.1:$plain_port" >"$work/plain.log" 2>&1 &
pids+=($!)
wait_until 60 "the plain-HTTP portal answering" curl -sf "http://127.0.0.1:$plain_port/healthz"
plain=$(curl -s -o "$work/plain" -w '%{http_code}' "http://127.0.0.1:$plain_port/account/login")
check "a Production portal over plain HTTP answers the needs-TLS page ($plain), not a 500" \
  bash -c "[ '$plain' = 400 ] && grep -q 'data-testid=\"needs-tls\"' '$work/plain'"
check "and says so once in its log" bash -c "[ \$(grep -c 'came over plain HTTP' '$work/plain.log') = 1 ]"

[ $failures = 0 ] || die "$failures defence(s) missing"
say "every defence held"
