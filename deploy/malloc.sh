# Sourced by lib.sh and lab/build-images.sh.

# The control plane's allocator. glibc's malloc keeps what a burst freed: after
# 10,000 pods the apiserver held about 70 MiB of freed malloc heap for good.
# jemalloc (Debian's libjemalloc2) hands it back to the system within seconds
# (bench/README.md, *Memory*). Prints the library's path, or nothing when it
# is not installed or FLOTILLA_MALLOC=glibc asks for glibc's.
control_plane_malloc() {
  [[ "${FLOTILLA_MALLOC:-}" == glibc ]] && return 0
  { PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true; } | awk '$1 == "libjemalloc.so.2" { print $NF; exit }'
}

# jemalloc's options for the control plane. jemalloc returns freed pages to the
# system in the course of later allocations, and an idle process makes too few
# of them: each control-plane process kept 3-4 MiB of freed pages while holding
# 10,000 pods with nothing to do. A background thread returns them on time
# (after jemalloc's 10 s decay) whether the process allocates or not.
CONTROL_PLANE_MALLOC_CONF='background_thread:true'

# The environment that puts a control-plane process on that allocator, one
# NAME=value per line (nothing when glibc's is kept). up.sh, the lab's images
# and the testkit all take it from here.
control_plane_malloc_env() {
  local library; library="$(control_plane_malloc)"
  [[ -n "$library" ]] || return 0
  printf 'LD_PRELOAD=%s\nMALLOC_CONF=%s\n' "$library" "$CONTROL_PLANE_MALLOC_CONF"
}
