#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh Debian machine (run as root, or as a user on
# a machine that already has Chromium, CJK fonts and PostgreSQL): system packages, a local
# PostgreSQL server for the database tests, a virtual environment, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  # Another apt process (an unattended upgrade) may hold the lock: wait for it, up to 10 min.
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  # Chromium + driver for the browser tests, CJK fonts so pages render Chinese, PostgreSQL.
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium \
    chromium-driver fonts-noto-cjk postgresql >/dev/null
fi

# A PostgreSQL server on localhost with a role that may create test databases.
if [ -z "${TEST_POSTGRES_URL:-}" ] && command -v pg_lsclusters >/dev/null; then
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1, $2}')
  if [ -n "$cluster" ]; then
    pg_ctlcluster $cluster start 2>/dev/null || true
    if [ "$(id -u)" = 0 ]; then
      su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='indicators'\"" | grep -q 1 ||
        su postgres -c "psql -qc \"CREATE ROLE indicators LOGIN SUPERUSER PASSWORD 'indicators'\""
    fi
    export TEST_POSTGRES_URL="postgresql+psycopg://indicators:indicators@localhost/postgres"
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
# The layers point down (.importlinter): an import that points up fails before any test runs.
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
