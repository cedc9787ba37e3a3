#!/usr/bin/env bash
# Creates the credentials of the apiserver's HTTPS port in DIR, with openssl:
#   ca.crt, ca.key                 the cluster CA (10 years)
#   apiserver.crt, apiserver.key   the serving certificate, signed by the CA
#   tokens.csv                     bearer tokens in kube-apiserver's --token-auth-file format
#   admin.token                    the admin's token (user "admin", group system:masters)
#   sa.key, sa.pub                 the RSA key pair service-account tokens are signed and checked with
# Run again, it keeps what exists and only issues a new serving certificate when
# the names it must cover changed, so kubeconfigs and tokens stay valid.
#
# usage: deploy/pki.sh DIR [NAME_OR_IP...]
#   Every serving certificate covers localhost, 127.0.0.1, the kubernetes.default
#   names and this host's name; extra names and addresses are added to those.
set -euo pipefail

CA_DAYS=3650
SERVING_DAYS=365
TOKEN_BYTES=32
CA_SUBJECT="/CN=flotilla-ca"
SERVING_SUBJECT="/CN=kube-apiserver"

die() { printf 'pki: %s\n' "$*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: deploy/pki.sh DIR [NAME_OR_IP...]"
command -v openssl >/dev/null || die "openssl is missing (Debian: apt-get install -y openssl)"
DIR="$1"; shift
mkdir -p "$DIR"
chmod 700 "$DIR"
umask 077

is_ip() { [[ "$1" =~ ^[0-9]+(\.[0-9]+){3}$ || "$1" == *:* ]]; }

# The subjectAltName list: fixed names first, then this host's, then the caller's, without repeats.
subject_alt_names() {
  local names=(localhost kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local
    127.0.0.1 "$(hostname | tr '[:upper:]' '[:lower:]')" "$@")
  local seen=" " out=() n
  for n in "${names[@]}"; do
    [[ -n "$n" && "$seen" != *" $n "* ]] || continue
    seen+="$n "
    if is_ip "$n"; then out+=("IP:$n"); else out+=("DNS:$n"); fi
  done
  local IFS=,
  echo "${out[*]}"
}

ensure_ca() {
  [[ -s "$DIR/ca.crt" && -s "$DIR/ca.key" ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$DIR/ca.key"
  openssl req -x509 -new -key "$DIR/ca.key" -subj "$CA_SUBJECT" -days "$CA_DAYS" -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$DIR/ca.crt" 2>/dev/null
}

ensure_serving_cert() {
  local sans="$1"
  if [[ -s "$DIR/apiserver.crt" && -s "$DIR/apiserver.key" && "$(cat "$DIR/apiserver.sans" 2>/dev/null)" == "$sans" ]]; then
    return 0
  fi
  local ext; ext="$(mktemp)"
  printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$sans" >"$ext"
  openssl ecparam -name prime256v1 -genkey -noout -out "$DIR/apiserver.key"
  openssl req -new -key "$DIR/apiserver.key" -subj "$SERVING_SUBJECT" -out "$DIR/apiserver.csr" 2>/dev/null
  openssl x509 -req -in "$DIR/apiserver.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial \
    -days "$SERVING_DAYS" -sha256 -extfile "$ext" -out "$DIR/apiserver.crt" 2>/dev/null
  rm -f "$ext" "$DIR/apiserver.csr"
  echo "$sans" >"$DIR/apiserver.sans"
}

ensure_tokens() {
  [[ -s "$DIR/admin.token" && -s "$DIR/tokens.csv" ]] && return 0
  openssl rand -hex "$TOKEN_BYTES" >"$DIR/admin.token"
  printf '%s,admin,admin,"system:masters"\n' "$(cat "$DIR/admin.token")" >"$DIR/tokens.csv"
}

# RS256 needs RSA; kubeadm's sa.key is 2048 bits too.
ensure_sa_keys() {
  [[ -s "$DIR/sa.key" && -s "$DIR/sa.pub" ]] && return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/sa.key" 2>/dev/null
  openssl pkey -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub"
}

ensure_ca
ensure_sa_keys
ensure_serving_cert "$(subject_alt_names "$@")"
ensure_tokens
