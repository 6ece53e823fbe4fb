#!/usr/bin/env bash
# The one command of the README: install, create the instance with demo snippets, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/snipcell init --demo
exec .venv/bin/snipcell run "$@"
