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

stop_bg apiserver
stop_bg etcd
if [[ $PURGE -eq 1 ]]; then
  rm -rf "$STATE_DIR/etcd"
  say "removed etcd data in $STATE_DIR/etcd"
fi
