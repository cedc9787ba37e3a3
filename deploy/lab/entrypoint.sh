#!/bin/sh
# The lab images' entrypoint. `lab-node AGENT_FLAGS...` makes the container a
# Docker host: it starts its own dockerd (and containerd), waits for it, then
# runs the agent in the foreground, so the container lives as long as the agent.
# Anything else is run as given (the control-plane commands).
set -eu

DOCKERD_TIMEOUT_SECONDS=60
FLOTILLA=/opt/flotilla/dist

# The control plane's allocator (deploy/malloc.sh), when the image carries it:
# the apiservers, schedulers and controller-managers, as deploy/up.sh starts them.
# malloc-env holds control_plane_malloc_env's NAME=value lines.
MALLOC_ENV_FILE=/opt/flotilla/malloc-env
case "${1:-} ${2:-}" in
  "node $FLOTILLA/apiserver/main.js" | "node $FLOTILLA/scheduler/main.js" | "node $FLOTILLA/controller-manager/main.js")
    if [ -s "$MALLOC_ENV_FILE" ]; then
      while IFS= read -r assignment; do export "$assignment"; done <"$MALLOC_ENV_FILE"
    fi
    ;;
esac
if [ "${1:-}" != lab-node ]; then exec "$@"; fi
shift

mkdir -p /var/log /var/lib/flotilla
# A stale pid file from the previous run of this container stops dockerd.
rm -f /run/docker.pid /run/docker/containerd/containerd.pid
dockerd --host unix:///run/docker.sock >>/var/log/dockerd.log 2>&1 &
waited=0
until docker info >/dev/null 2>&1; do
  if [ "$waited" -ge $((DOCKERD_TIMEOUT_SECONDS * 2)) ]; then
    echo "dockerd did not answer in ${DOCKERD_TIMEOUT_SECONDS}s:" >&2
    tail -n 20 /var/log/dockerd.log >&2
    exit 1
  fi
  sleep 0.5
  waited=$((waited + 1))
done
exec node "$FLOTILLA/agent/main.js" "$@"
