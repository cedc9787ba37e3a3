// The entry shim of containers in a pooled sandbox. Such a container starts
// with the pool sandbox's hostname in its own UTS namespace, and Docker cannot
// set another; so the container runs the host's static busybox first, which
// waits until the agent has set the pod's hostname and then execs the command
// the container would have run (the image's ENTRYPOINT and CMD, or the pod's
// command and args, resolved as the kubelet does).
import type { BusyboxPaths, ImageCommand, RuntimeMount } from '../runtime/runtime-types.js';

/** Where the static busybox is found on the host (Debian's busybox-static). */
export const HOST_BUSYBOX_PATH = '/bin/busybox';
/** Where it is mounted in the container; busybox picks its applet from argv[0], so the name stays "busybox". */
export const SHIM_BUSYBOX_PATH = '/.flotilla/busybox';
export const DEFAULT_BUSYBOX_PATHS: BusyboxPaths = { hostPath: HOST_BUSYBOX_PATH, containerPath: SHIM_BUSYBOX_PATH };
/** How long the shim waits for the agent to set the hostname before the container fails. */
export const HOSTNAME_WAIT_MS = 10_000;
/** How often the shim looks at the hostname while it waits. */
export const HOSTNAME_POLL_MS = 10;
/** The shim's exit code when the hostname never came or there is nothing to run (as Docker's own "cannot run" codes). */
export const SHIM_FAILED_EXIT_CODE = 126;
export const SHIM_NOT_FOUND_EXIT_CODE = 127;
/** $0 of the shim's script: names it in `ps`. */
const SHIM_NAME = 'flotilla-hostname-shim';
const KERNEL_HOSTNAME_FILE = '/proc/sys/kernel/hostname';
const US_PER_MS = 1000;

export interface ShimScriptOptions {
  busybox: string;
  hostnameFile: string;
  waitMs: number;
  pollMs: number;
}

/**
 * The shell program: $1 is the hostname to wait for, the rest the command. A
 * command without a slash is looked up on PATH here, so the image's own binary
 * runs and never a busybox applet of the same name.
 */
export function shimScript(opts: ShimScriptOptions): string {
  const polls = Math.max(1, Math.ceil(opts.waitMs / opts.pollMs));
  return [
    'want="$1"; shift; i=0',
    `while :; do read h < ${opts.hostnameFile}; [ "$h" = "$want" ] && break; i=$((i+1))`,
    `  if [ $i -ge ${polls} ]; then echo "flotilla: the hostname was not set to $want within ${opts.waitMs} ms" >&2; exit ${SHIM_FAILED_EXIT_CODE}; fi`,
    `  ${opts.busybox} usleep ${opts.pollMs * US_PER_MS}`,
    'done',
    `[ $# -gt 0 ] || { echo "flotilla: no command specified" >&2; exit ${SHIM_FAILED_EXIT_CODE}; }`,
    'case "$1" in */*) exec "$@";; esac',
    'cmd="$1"; shift; IFS=:',
    'for d in $PATH; do [ -n "$d" ] && [ -f "$d/$cmd" ] && [ -x "$d/$cmd" ] && { unset IFS; exec "$d/$cmd" "$@"; }; done',
    `echo "flotilla: $cmd: executable file not found in \\$PATH" >&2; exit ${SHIM_NOT_FOUND_EXIT_CODE}`,
  ].join('\n');
}

/**
 * What the container runs, as the kubelet decides: command replaces the image's
 * ENTRYPOINT and drops its CMD; args replace CMD.
 */
export function resolveArgv(image: ImageCommand, command: string[] | undefined, args: string[] | undefined): string[] {
  const hasCommand = (command?.length ?? 0) > 0;
  const hasArgs = (args?.length ?? 0) > 0;
  const entrypoint = hasCommand ? command ?? [] : image.entrypoint;
  const rest = hasArgs ? args ?? [] : hasCommand ? [] : image.cmd;
  return [...entrypoint, ...rest];
}

/** The container's entrypoint in a pooled sandbox: the shim, the hostname it waits for, then the real command. */
export function shimEntrypoint(hostname: string, argv: string[], busybox: BusyboxPaths = DEFAULT_BUSYBOX_PATHS): string[] {
  const script = shimScript({ busybox: busybox.containerPath, hostnameFile: KERNEL_HOSTNAME_FILE, waitMs: HOSTNAME_WAIT_MS, pollMs: HOSTNAME_POLL_MS });
  return [busybox.containerPath, 'sh', '-c', script, SHIM_NAME, hostname, ...argv];
}

/** The read-only mount that brings the shim into the container. */
export function shimMount(busybox: BusyboxPaths = DEFAULT_BUSYBOX_PATHS): RuntimeMount {
  return { source: busybox.hostPath, target: busybox.containerPath, readOnly: true };
}
