#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what is missing, then
# builds and runs every unit, integration and e2e test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

ensure_prerequisites
ensure_dockerd
ensure_images
ensure_node_modules
cd "$FLOTILLA_ROOT"
# Import cycles and test helpers that reach into a component fail here, before
# the slower build and tests.
npm run check:imports
# The e2e tests fail, rather than skip, when the engine is missing.
export FLOTILLA_REQUIRE_DOCKER=1
# Likewise the kubectl tests: the versioned kubectl binaries are part of CI's machine.
export FLOTILLA_REQUIRE_KUBECTL=1
npm test
