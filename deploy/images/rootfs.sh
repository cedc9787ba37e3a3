# Root filesystems from this host's Debian binaries, shared by the offline image
# builds (deploy/images/build.sh, deploy/lab/build-images.sh). Sourced; the
# caller defines say/die.

# base_rootfs DIR: the files every image carries.
base_rootfs() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{etc,tmp,proc,sys,dev,root,var/tmp,run}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
}

# copy_into ROOTFS FILE: copies FILE (following links) to the same path under ROOTFS.
# The destination is removed first: it may be a link (a busybox applet) that
# points at an absolute path, and cp would write through it onto the host.
copy_into() {
  local rootfs="$1" file="$2"
  mkdir -p "$rootfs$(dirname "$file")"
  rm -f "$rootfs$file"
  cp -L "$file" "$rootfs$file"
}

# copy_with_libs ROOTFS BINARY...: copies dynamic binaries, the libraries ldd says
# they load and the dynamic loader.
copy_with_libs() {
  local rootfs="$1" binary lib; shift
  for binary in "$@"; do
    copy_into "$rootfs" "$binary"
    for lib in $(ldd "$binary" 2>/dev/null | grep -o '/[^ ]*'); do
      [[ -e "$rootfs$lib" ]] || copy_into "$rootfs" "$lib"
    done
  done
}

# import_rootfs DIR IMAGE LABEL [CHANGE...]: imports a root filesystem as an image carrying LABEL.
import_rootfs() {
  local rootfs="$1" image="$2" label="$3"; shift 3
  local changes=(--change "LABEL $label") change
  for change in "$@"; do changes+=(--change "$change"); done
  tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$image" >/dev/null
}

# busybox_rootfs DIR: busybox-static with every applet linked, for a shell and the usual tools.
busybox_rootfs() {
  local rootfs="$1" applet
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin}
  cp /bin/busybox "$rootfs/bin/busybox"
  while read -r applet; do
    [[ -e "$rootfs/$applet" || -L "$rootfs/$applet" ]] || ln -s /bin/busybox "$rootfs/$applet"
  done < <(/bin/busybox --list-full)
}
