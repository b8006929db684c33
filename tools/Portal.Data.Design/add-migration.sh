#!/usr/bin/env bash
# Adds a migration NAME for both providers: tools/Portal.Data.Design/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: add-migration.sh MigrationName}
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Portal.Data --startup-project tools/Portal.Data.Design \
    --context "${provider}PortalDbContext" --output-dir "Migrations/$provider"
done
