#!/usr/bin/env bash
# Stops what deploy/up.sh started (by the PIDs it recorded), then removes the
# pods' containers of the nodes it started (label io.flotilla.node) and the
# Docker networks their agents created. etcd data, agent state, the HTTPS
# credentials and the kubeconfig stay unless --purge is given.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help)
      echo "usage: deploy/down.sh [--state-dir DIR] [--purge]   (environment: FLOTILLA_STATE_DIR)"
      echo "  --purge   also remove etcd's data, the agents' state, the HTTPS credentials (pki/) and the kubeconfig"
      exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done

# Agents first, so no pod is restarted while the control plane goes away.
shopt -s nullglob
for f in "$STATE_DIR"/pids/agent*.pid; do stop_bg "$(basename "$f" .pid)"; done
shopt -u nullglob
stop_bg dns
# The node proxy's iptables chains outlive an agent restart on purpose; a stopped cluster removes them.
if [[ -f "$FLOTILLA_ROOT/dist/agent/main.js" ]] && command -v iptables >/dev/null 2>&1; then
  node "$FLOTILLA_ROOT/dist/agent/main.js" --cleanup-proxy >/dev/null 2>&1 && say "removed the node proxy's iptables chains"
fi
stop_bg controller-manager
stop_bg scheduler
stop_bg apiserver
stop_bg etcd

nodes=()
if [[ -f "$(nodes_file)" ]]; then mapfile -t nodes <"$(nodes_file)"; fi
if [[ ${#nodes[@]} -gt 0 ]] && docker info >/dev/null 2>&1; then
  for node in "${nodes[@]}"; do
    [[ -n "$node" ]] || continue
    containers="$(docker ps -aq --filter "label=io.flotilla.node=$node")"
    if [[ -n "$containers" ]]; then
      # shellcheck disable=SC2086
      docker rm -f -v $containers >/dev/null
      say "removed the pods' containers of node $node"
    fi
    # Only networks an agent created carry both labels; a user's own network never does.
    networks="$(docker network ls -q --filter "label=io.flotilla.network" --filter "label=io.flotilla.node=$node")"
    if [[ -n "$networks" ]]; then
      # shellcheck disable=SC2086
      docker network rm $networks >/dev/null && say "removed the Docker network of node $node"
    fi
  done
fi
rm -f "$(nodes_file)"
if [[ $PURGE -eq 1 ]]; then
  rm -rf "$STATE_DIR/etcd" "$STATE_DIR/agents" "$(pki_dir)" "$(storage_class_marker)"
  rm -f "$(kubeconfig_file)"
  say "removed etcd data, agent state, the HTTPS credentials and the kubeconfig in $STATE_DIR"
fi
