#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: Debian's docker-compose (installed when missing)
# parses and checks it against the Compose schema (`config -q`), and every host path it mounts must exist.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose -f docker-compose.yml config -q
missing=0
while read -r src; do
  [ -e "$src" ] || { echo "docker-compose.yml mounts $src, which does not exist" >&2; missing=1; }
done < <(sed -n 's/^ *- \(\.\/[^:]*\):.*/\1/p' docker-compose.yml)
[ "$missing" = 0 ]
echo "docker-compose.yml is valid ($(docker-compose -f docker-compose.yml config --services | tr '\n' ' '))"
