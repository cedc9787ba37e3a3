#!/usr/bin/env bash
# A multi-node Flotilla lab on this machine, from deploy/lab/compose.yaml: the
# control plane and N nodes, each node a container running its own dockerd and
# the agent, pods talking across nodes by their own IPs (host-gateway routes
# over the lab network).
#   deploy/lab.sh up [--nodes N] [--name NAME] [--api-port PORT]
#   deploy/lab.sh down [--name NAME]
# up builds the images offline, starts everything, loads the workload images
# into every node's engine, waits until every node is Ready and writes a
# kubeconfig. down removes every container, network and volume labelled
# io.flotilla.lab=NAME, and the lab's state directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

LAB_DIR="$FLOTILLA_ROOT/deploy/lab"
LAB_NAME="${FLOTILLA_LAB_NAME:-flotilla-lab}"
LAB_NODES="${FLOTILLA_LAB_NODES:-3}"
LAB_API_PORT="${FLOTILLA_LAB_API_PORT:-16443}"
LAB_READY_TIMEOUT_SECONDS="${FLOTILLA_LAB_READY_TIMEOUT:-180}"
LAB_POLL_SECONDS=1
WORKLOAD_IMAGES=(flotilla/pause:3.9 flotilla/busybox:1.35 flotilla/busybox:latest flotilla/nginx:1.22 flotilla/nginx:latest)

usage() {
  cat <<USAGE
usage: deploy/lab.sh up [--nodes N] [--name NAME] [--api-port PORT]
       deploy/lab.sh down [--name NAME]

  --nodes N       nodes to start, node-1 .. node-N (default 3, FLOTILLA_LAB_NODES)
  --name NAME     the lab's compose project and label value (default flotilla-lab, FLOTILLA_LAB_NAME)
  --api-port P    the apiserver's HTTPS port, published on 127.0.0.1 (default 16443, FLOTILLA_LAB_API_PORT)

State (credentials, kubeconfig) lives in FLOTILLA_LAB_STATE_DIR (~/.flotilla/lab/NAME).
USAGE
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
COMMAND="$1"; shift
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) LAB_NODES="$2"; shift 2 ;;
    --name) LAB_NAME="$2"; shift 2 ;;
    --api-port) LAB_API_PORT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ "$LAB_NODES" =~ ^[1-9][0-9]*$ ]] || die "--nodes must be a positive number, got \"$LAB_NODES\""
[[ "$LAB_NAME" =~ ^[a-z0-9][a-z0-9_-]*$ ]] || die "--name must be lower-case letters, digits, - or _, got \"$LAB_NAME\""
[[ "$LAB_API_PORT" =~ ^[0-9]+$ ]] || die "--api-port must be a port number, got \"$LAB_API_PORT\""

LAB_STATE="${FLOTILLA_LAB_STATE_DIR:-$HOME/.flotilla/lab/$LAB_NAME}"
NODES_FILE="$LAB_STATE/nodes.yaml"
LAB_KUBECONFIG="$LAB_STATE/kubeconfig"
LAB_LABEL="io.flotilla.lab=$LAB_NAME"
export FLOTILLA_LAB_NAME="$LAB_NAME" FLOTILLA_LAB_API_PORT="$LAB_API_PORT" FLOTILLA_LAB_PKI="$LAB_STATE/pki"

compose() {
  local files=(-f "$LAB_DIR/compose.yaml")
  [[ -f "$NODES_FILE" ]] && files+=(-f "$NODES_FILE")
  docker-compose --project-name "$LAB_NAME" --project-directory "$LAB_DIR" "${files[@]}" "$@"
}

node_name() { echo "node-$1"; }

ensure_lab_prerequisites() {
  ensure_prerequisites
  local missing=()
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  [[ -x /bin/busybox ]] || missing+=(busybox-static)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v xtables-nft-multi >/dev/null || missing+=(iptables)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

# One service per node, extending node.yaml, each with its own engine volume and
# its own certificate (issued by node_credentials).
write_nodes_file() {
  mkdir -p "$LAB_STATE"
  local i name
  {
    echo 'version: "2.4"'
    echo 'services:'
    for i in $(seq 1 "$LAB_NODES"); do
      name="$(node_name "$i")"
      printf '  %s:\n    extends: { file: %s, service: node }\n    hostname: %s\n' "$name" "$LAB_DIR/node.yaml" "$name"
      printf '    volumes:\n'
      printf '      - "%s-docker:/var/lib/docker"\n' "$name"
      printf '      - "%s/nodes/%s.crt:/etc/flotilla/pki/node.crt:ro"\n' "$LAB_STATE/pki" "$name"
      printf '      - "%s/nodes/%s.key:/etc/flotilla/pki/node.key:ro"\n' "$LAB_STATE/pki" "$name"
      printf '    depends_on: { apiserver-1: { condition: service_healthy } }\n'
    done
    echo 'volumes:'
    for i in $(seq 1 "$LAB_NODES"); do
      printf '  %s-docker:\n    labels: { io.flotilla.lab: "%s" }\n' "$(node_name "$i")" "$LAB_NAME"
    done
  } >"$NODES_FILE"
}

# Each node's client certificate, CN=system:node:node-I in system:nodes.
node_credentials() {
  local i
  for i in $(seq 1 "$LAB_NODES"); do
    "$FLOTILLA_ROOT/deploy/pki.sh" "$LAB_STATE/pki" --node "$(node_name "$i")" >/dev/null
  done
}

container_of() { compose ps -q "$1"; }

# The workload images go in as soon as the node's engine answers; the agent
# meanwhile registers and waits for its pod CIDR.
load_images() {
  local i name container deadline
  for i in $(seq 1 "$LAB_NODES"); do
    name="$(node_name "$i")"
    container="$(container_of "$name")"
    deadline=$((SECONDS + LAB_READY_TIMEOUT_SECONDS))
    until docker exec "$container" docker info >/dev/null 2>&1; do
      (( SECONDS < deadline )) || die "the engine of $name did not answer; see: docker logs $container"
      sleep "$LAB_POLL_SECONDS"
    done
    say "loading ${WORKLOAD_IMAGES[*]} into $name"
    docker save "${WORKLOAD_IMAGES[@]}" | docker exec -i "$container" docker load >/dev/null &
  done
  wait
}

api() {
  curl -sf --cacert "$LAB_STATE/pki/ca.crt" -H "Authorization: Bearer $(cat "$LAB_STATE/pki/admin.token")" "https://127.0.0.1:$LAB_API_PORT$1"
}

# Prints "name ready podCIDR internalIP" per node.
node_lines() {
  api /api/v1/nodes | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const n of JSON.parse(s).items) {
        const ready = (n.status?.conditions ?? []).find((c) => c.type === "Ready")?.status === "True";
        const ip = (n.status?.addresses ?? []).find((a) => a.type === "InternalIP")?.address ?? "-";
        console.log(n.metadata.name, ready ? "Ready" : "NotReady", n.spec?.podCIDR ?? "-", ip);
      }
    });'
}

wait_nodes_ready() {
  local deadline=$((SECONDS + LAB_READY_TIMEOUT_SECONDS)) i name line reported=" "
  while :; do
    local lines ready=0
    lines="$(node_lines 2>/dev/null || true)"
    for i in $(seq 1 "$LAB_NODES"); do
      name="$(node_name "$i")"
      line="$(grep "^$name " <<<"$lines" || true)"
      if [[ "$line" == *" Ready "* && "$line" != *" Ready - "* ]]; then
        ready=$((ready + 1))
        if [[ "$reported" != *" $name "* ]]; then
          read -r _ _ cidr ip <<<"$line"
          say "node $name is Ready (podCIDR $cidr, InternalIP $ip)"
          reported+="$name "
        fi
      fi
    done
    (( ready == LAB_NODES )) && return 0
    (( SECONDS < deadline )) || die "only $ready of $LAB_NODES nodes Ready after ${LAB_READY_TIMEOUT_SECONDS}s; see: docker logs ${LAB_NAME}_node-1_1"
    sleep "$LAB_POLL_SECONDS"
  done
}

lab_up() {
  local started=$SECONDS
  ensure_lab_prerequisites
  ensure_dockerd
  ensure_node_modules
  say "building Flotilla"
  npm run --silent build
  ensure_images
  "$LAB_DIR/build-images.sh"
  say "cluster credentials in $LAB_STATE/pki"
  mkdir -p "$LAB_STATE"
  "$FLOTILLA_ROOT/deploy/pki.sh" "$LAB_STATE/pki" apiserver-1 >/dev/null
  node_credentials
  write_nodes_file
  say "starting the control plane (etcd-1, apiserver-1, scheduler-1, controller-manager-1, dns)"
  compose up -d --remove-orphans etcd-1 apiserver-1 scheduler-1 controller-manager-1 dns 2>&1 | grep -v '^Creating\|^Starting\|is up-to-date' || true
  say "starting $LAB_NODES node(s): $(for i in $(seq 1 "$LAB_NODES"); do printf '%s ' "$(node_name "$i")"; done)"
  compose up -d --remove-orphans 2>&1 | grep -v '^Creating\|^Starting\|is up-to-date' || true
  load_images
  wait_nodes_ready
  node "$FLOTILLA_ROOT/deploy/write-kubeconfig.mjs" --server "https://127.0.0.1:$LAB_API_PORT" \
    --certificate-authority "$LAB_STATE/pki/ca.crt" --token-file "$LAB_STATE/pki/admin.token" \
    --out "$LAB_KUBECONFIG" --cluster "$LAB_NAME" --context "$LAB_NAME"
  cat <<DONE

Flotilla lab "$LAB_NAME" is up: $LAB_NODES node(s) Ready in $((SECONDS - started))s.
  kubeconfig: $LAB_KUBECONFIG (server https://127.0.0.1:$LAB_API_PORT); for kubectl:
    export KUBECONFIG=$LAB_KUBECONFIG
  a node's engine: docker exec ${LAB_NAME}_node-1_1 docker ps
  remove it all:   deploy/lab.sh down$( [[ "$LAB_NAME" == flotilla-lab ]] || printf ' --name %s' "$LAB_NAME")
DONE
}

lab_down() {
  say "removing lab \"$LAB_NAME\""
  if command -v docker-compose >/dev/null && [[ -f "$NODES_FILE" ]]; then
    compose down --volumes --remove-orphans --timeout 5 >/dev/null 2>&1 || true
  fi
  # Whatever compose did not know of (a nodes file lost, a run cut short), by our label only.
  local ids
  ids="$(docker ps -aq --filter "label=$LAB_LABEL")"
  [[ -z "$ids" ]] || docker rm -f -v $ids >/dev/null
  ids="$(docker network ls -q --filter "label=$LAB_LABEL")"
  [[ -z "$ids" ]] || docker network rm $ids >/dev/null
  ids="$(docker volume ls -q --filter "label=$LAB_LABEL")"
  [[ -z "$ids" ]] || docker volume rm $ids >/dev/null
  rm -rf "$LAB_STATE"
  say "lab \"$LAB_NAME\" removed"
}

case "$COMMAND" in
  up) lab_up ;;
  down) lab_down ;;
  -h|--help|help) usage ;;
  *) usage >&2; die "unknown command $COMMAND" ;;
esac
