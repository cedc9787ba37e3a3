#!/usr/bin/env bash
# Stops what deploy/up.sh started (by the PIDs it recorded). etcd data stays
# unless --purge is given.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) echo "usage: deploy/down.sh [--state-dir DIR] [--purge]"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done

stop_bg agent
stop_bg scheduler
stop_bg apiserver
stop_bg etcd

# The pods' containers belong to the agent's node; remove only those.
if docker info >/dev/null 2>&1; then
  containers="$(docker ps -aq --filter "label=io.flotilla.node=$NODE_NAME")"
  if [[ -n "$containers" ]]; then
    # shellcheck disable=SC2086
    docker rm -f $containers >/dev/null
    say "removed the pods' containers of node $NODE_NAME"
  fi
fi
if [[ $PURGE -eq 1 ]]; then
  rm -rf "$STATE_DIR/etcd"
  say "removed etcd data in $STATE_DIR/etcd"
fi
