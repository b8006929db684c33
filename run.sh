#!/usr/bin/env bash
# Runs the portal on its embedded default: SQLite, simulated hosts, demo tenants and accounts.
# Open http://localhost:5080 and sign in with an account listed on the sign-in page.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet is not on PATH)"
command -v npm >/dev/null || die "npm is needed for the front-end packages (apt-get install nodejs npm)"
exec dotnet run --project src/Portal.Web --launch-profile portal "$@"
