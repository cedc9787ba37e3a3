#!/usr/bin/env bash
# Brings up a local Flotilla cluster on this machine: installs what is missing,
# builds the offline images, starts etcd, the control plane and one agent in
# the background, waits for the node to be Ready, writes the flotctl config. Run again, it reuses whatever is already running.
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

start_scheduler() {
  if is_running scheduler; then say "scheduler already running"; return; fi
  say "starting scheduler"
  start_bg scheduler node "$FLOTILLA_ROOT/dist/scheduler/main.js" \
    --apiserver "127.0.0.1:$API_PORT" --health-port "$SCHEDULER_HEALTH_PORT"
  wait_http scheduler "http://127.0.0.1:$SCHEDULER_HEALTH_PORT/healthz"
}

start_agent() {
  if is_running agent; then say "agent already running"; return; fi
  say "starting agent for node $NODE_NAME"
  start_bg agent node "$FLOTILLA_ROOT/dist/agent/main.js" \
    --apiserver "127.0.0.1:$API_PORT" --node-name "$NODE_NAME" --node-ip 127.0.0.1 \
    --state-dir "$STATE_DIR/agent" --health-port "$AGENT_HEALTH_PORT" --streaming-port "$AGENT_STREAMING_PORT"
  wait_http agent "http://127.0.0.1:$AGENT_HEALTH_PORT/healthz"
}

# The node is Ready once the agent has posted its status.
wait_node_ready() {
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until node "$FLOTILLA_ROOT/dist/cli/main.js" --server "127.0.0.1:$API_PORT" get node "$NODE_NAME" --no-headers 2>/dev/null | grep -qw Ready; do
    (( SECONDS < deadline )) || die "node $NODE_NAME did not become Ready in ${START_TIMEOUT_SECONDS}s; see $STATE_DIR/logs/agent.log"
    sleep 0.5
  done
  say "node $NODE_NAME is Ready"
}

write_config() {
  mkdir -p "$STATE_DIR"
  printf 'server: 127.0.0.1:%s\nnamespace: default\n' "$API_PORT" >"$STATE_DIR/config.yaml"
}

ensure_prerequisites
ensure_dockerd
build
ensure_images
start_etcd
start_apiserver
start_scheduler
start_agent
wait_node_ready
write_config

cat <<DONE

Flotilla is up. State and logs: $STATE_DIR (logs in $STATE_DIR/logs)
  flotctl config: $STATE_DIR/config.yaml (server 127.0.0.1:$API_PORT)

Next:
  npx flotctl apply -f examples/nginx-deployment.yaml
  npx flotctl get pods -o wide
  deploy/down.sh            # stop everything this script started
DONE
