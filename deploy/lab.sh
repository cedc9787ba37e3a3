#!/usr/bin/env bash
# A multi-node Flotilla lab on this machine, from deploy/lab/compose.yaml: the
# control plane (three etcd members, two apiservers behind a balancer, two
# schedulers and two controller-managers with leader election) and N nodes,
# each node a container running its own dockerd and the agent, pods talking
# across nodes by their own IPs (host-gateway routes over the lab network).
#   deploy/lab.sh up [--nodes N] [--name NAME] [--api-port PORT] [--subnet CIDR]
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
LAB_SUBNET="${FLOTILLA_LAB_SUBNET:-}"
# Where lab.sh looks for a free /24 when no --subnet is given.
SUBNET_SEARCH_PREFIX=10.210
# Nodes sit at fixed addresses from here up; the balancer and the rest take theirs from the upper half.
NODE_HOST_OFFSET=10
CONTROL_PLANE=(etcd-1 etcd-2 etcd-3 apiserver-1 apiserver-2 apiserver scheduler-1 scheduler-2 controller-manager-1 controller-manager-2 dns)
WORKLOAD_IMAGES=(flotilla/pause:3.9 flotilla/busybox:1.35 flotilla/busybox:latest flotilla/nginx:1.22 flotilla/nginx:latest)

usage() {
  cat <<USAGE
usage: deploy/lab.sh up [--nodes N] [--name NAME] [--api-port PORT] [--subnet CIDR]
       deploy/lab.sh down [--name NAME]

  --nodes N       nodes to start, node-1 .. node-N (default 3, FLOTILLA_LAB_NODES)
  --name NAME     the lab's compose project and label value (default flotilla-lab, FLOTILLA_LAB_NAME)
  --api-port P    the apiservers' HTTPS port (through the balancer), published on 127.0.0.1
                  (default 16443, FLOTILLA_LAB_API_PORT)
  --subnet CIDR   the lab network, a /24 or wider (default: the first $SUBNET_SEARCH_PREFIX.X.0/24 no
                  Docker network or route of this machine uses, FLOTILLA_LAB_SUBNET); node-I gets host
                  address $NODE_HOST_OFFSET+I

State (credentials, kubeconfig, the subnet) lives in FLOTILLA_LAB_STATE_DIR (~/.flotilla/lab/NAME).
FLOTILLA_SKIP_BUILD=1 runs the dist/ already built instead of building.
Failure timings, for labs that test them: FLOTILLA_LAB_NODE_MONITOR_GRACE_PERIOD (40s), the
controller-manager's --node-monitor-grace-period; FLOTILLA_LAB_TOLERATION_SECONDS (300), the
apiservers' --default-not-ready/unreachable-toleration-seconds.
USAGE
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
COMMAND="$1"; shift
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) LAB_NODES="$2"; shift 2 ;;
    --name) LAB_NAME="$2"; shift 2 ;;
    --api-port) LAB_API_PORT="$2"; shift 2 ;;
    --subnet) LAB_SUBNET="$2"; shift 2 ;;
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
SUBNET_FILE="$LAB_STATE/subnet"
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
  [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
  [[ -x /bin/busybox ]] || missing+=(busybox-static)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v xtables-nft-multi >/dev/null || missing+=(iptables)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

# The CIDRs this machine already uses: Docker networks' subnets and routes.
used_cidrs() {
  docker network inspect --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' $(docker network ls -q) 2>/dev/null | tr ' ' '\n'
  ip -4 route show | awk '$1 ~ /\// { print $1 }'
}

# The lab's subnet: --subnet, else the one this lab was made with, else the first free /24.
choose_subnet() {
  if [[ -z "$LAB_SUBNET" && -s "$SUBNET_FILE" ]]; then LAB_SUBNET="$(cat "$SUBNET_FILE")"; fi
  if [[ -z "$LAB_SUBNET" ]]; then
    LAB_SUBNET="$(used_cidrs | node "$LAB_DIR/subnet.mjs" free "$SUBNET_SEARCH_PREFIX")" || die "no free $SUBNET_SEARCH_PREFIX.X.0/24 on this machine; give one with --subnet"
  fi
  local plan
  plan="$(node "$LAB_DIR/subnet.mjs" plan "$LAB_SUBNET" "$NODE_HOST_OFFSET" "$LAB_NODES")" || die "the lab subnet $LAB_SUBNET cannot hold $LAB_NODES node(s)"
  read -r FLOTILLA_LAB_SUBNET FLOTILLA_LAB_DYNAMIC_RANGE <<<"$(head -1 <<<"$plan")"
  mapfile -t NODE_IPS < <(tail -n +2 <<<"$plan")
  export FLOTILLA_LAB_SUBNET FLOTILLA_LAB_DYNAMIC_RANGE
  mkdir -p "$LAB_STATE"
  echo "$FLOTILLA_LAB_SUBNET" >"$SUBNET_FILE"
}

# One service per node, extending node.yaml, each with its own engine volume,
# its fixed address and its own certificate (issued by node_credentials).
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
      printf '    networks: { default: { ipv4_address: "%s" } }\n' "${NODE_IPS[$((i - 1))]}"
      printf '    depends_on: { apiserver: { condition: service_healthy } }\n'
    done
    echo 'volumes:'
    for i in $(seq 1 "$LAB_NODES"); do
      printf '  %s-docker:\n    labels: { io.flotilla.lab: "%s" }\n' "$(node_name "$i")" "$LAB_NAME"
    done
  } >"$NODES_FILE"
}

# Each node's certificate, CN=system:node:node-I in system:nodes, naming its address.
node_credentials() {
  local i
  for i in $(seq 1 "$LAB_NODES"); do
    "$FLOTILLA_ROOT/deploy/pki.sh" "$LAB_STATE/pki" --node "$(node_name "$i")" "${NODE_IPS[$((i - 1))]}" >/dev/null
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
  build
  ensure_images
  "$LAB_DIR/build-images.sh"
  say "cluster credentials in $LAB_STATE/pki"
  mkdir -p "$LAB_STATE"
  choose_subnet
  say "lab network $FLOTILLA_LAB_SUBNET (nodes at ${NODE_IPS[0]} and up)"
  "$FLOTILLA_ROOT/deploy/pki.sh" "$LAB_STATE/pki" apiserver apiserver-1 apiserver-2 etcd-1 etcd-2 etcd-3 >/dev/null
  node_credentials
  write_nodes_file
  say "starting the control plane (${CONTROL_PLANE[*]})"
  compose up -d --remove-orphans "${CONTROL_PLANE[@]}" 2>&1 | grep -v '^Creating\|^Starting\|is up-to-date' || true
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
