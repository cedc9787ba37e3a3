#!/usr/bin/env bash
# Brings up a local Flotilla cluster on this machine: installs what is missing,
# builds, starts etcd and the control plane in the background, writes the
# flotctl config. Run again, it reuses whatever is already running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

usage() {
  cat <<USAGE
usage: deploy/up.sh [--state-dir DIR] [--api-port N] [--etcd-port N]
Environment: FLOTILLA_STATE_DIR, FLOTILLA_API_PORT, FLOTILLA_API_HEALTH_PORT, FLOTILLA_ETCD_PORT
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --api-port) API_PORT="$2"; shift 2 ;;
    --etcd-port) ETCD_PORT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

build() {
  ensure_node_modules
  say "building"
  npm run --silent build
}

start_etcd() {
  if is_running etcd; then say "etcd already running"; return; fi
  mkdir -p "$STATE_DIR/etcd"
  say "starting etcd on 127.0.0.1:$ETCD_PORT"
  start_bg etcd etcd --name flotilla --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "flotilla=http://127.0.0.1:$ETCD_PEER_PORT"
  wait_http etcd "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
  if is_running apiserver; then say "apiserver already running"; return; fi
  say "starting apiserver on 127.0.0.1:$API_PORT"
  start_bg apiserver node "$FLOTILLA_ROOT/dist/apiserver/main.js" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --port "$API_PORT" --health-port "$API_HEALTH_PORT"
  wait_http apiserver "http://127.0.0.1:$API_HEALTH_PORT/healthz"
}

write_config() {
  mkdir -p "$STATE_DIR"
  printf 'server: 127.0.0.1:%s\nnamespace: default\n' "$API_PORT" >"$STATE_DIR/config.yaml"
}

ensure_prerequisites
build
start_etcd
start_apiserver
write_config

cat <<DONE

Flotilla is up. State and logs: $STATE_DIR (logs in $STATE_DIR/logs)
  flotctl config: $STATE_DIR/config.yaml (server 127.0.0.1:$API_PORT)

Next:
  npx flotctl apply -f examples/web-stack.yaml
  npx flotctl get all -A
  deploy/down.sh            # stop everything this script started
DONE
