#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what is missing, then
# builds and runs every unit, integration and e2e test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

ensure_prerequisites
ensure_node_modules
cd "$FLOTILLA_ROOT"
npm test
