// Real kubectl binaries as the reference clients of the Kubernetes HTTP API.
// The `kubectl` on PATH (Google Cloud SDK) is a dispatcher that first calls the
// server's /version and then runs one of the versioned binaries beside it
// (kubectl.1.27 .. kubectl.1.33); tests run a versioned binary directly, so
// which client spoke is never in doubt and no extra request reaches the server.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { runCommand, type CommandResult, type Invocation } from './processes/command.js';

/** The version the dispatcher runs, so tests see what a user of the SDK sees. */
export const KUBECTL_DEFAULT_VERSION = '1.32';
/** Bounds one kubectl run: a test fails with what kubectl printed instead of hanging. */
export const KUBECTL_TIMEOUT_MS = 30_000;
/** CI sets this to 1 (deploy/test.sh): a missing kubectl fails the run instead of skipping tests. */
export const REQUIRE_KUBECTL_ENV = 'FLOTILLA_REQUIRE_KUBECTL';
/** A folder holding kubectl.1.NN, instead of the one the `kubectl` on PATH resolves to. */
export const KUBECTL_DIR_ENV = 'FLOTILLA_KUBECTL_DIR';
/**
 * Given to kubectl when a run names no kubeconfig: an empty config, so a test
 * never talks to whatever cluster the developer's own kubeconfig points at.
 */
export const NO_KUBECONFIG = '/dev/null';
const KUBECTL_BINARY = /^kubectl\.(1\.(\d+))$/;

/** The versions ("1.27", ...) among a folder's file names, oldest first. */
export function parseKubectlVersions(fileNames: readonly string[]): string[] {
  return fileNames
    .map((name) => KUBECTL_BINARY.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[2]) - Number(b[2]))
    .map((m) => m[1] as string);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on a PATH-style list, as `command -v` finds it. */
export function findOnPath(name: string, pathList: string, executable: (path: string) => boolean = isExecutable): string | undefined {
  for (const dir of pathList.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The folder of the versioned binaries: FLOTILLA_KUBECTL_DIR, else
 * `dirname "$(readlink -f "$(command -v kubectl)")"`; undefined without kubectl.
 */
export function kubectlDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env[KUBECTL_DIR_ENV];
  if (given) return given;
  const onPath = findOnPath('kubectl', env.PATH ?? '');
  if (!onPath) return undefined;
  try {
    return dirname(realpathSync(onPath));
  } catch {
    return undefined;
  }
}

/** The kubectl versions this machine has, oldest first; empty without kubectl. */
export function kubectlVersions(): string[] {
  const dir = kubectlDir();
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return parseKubectlVersions(names).filter((v) => isExecutable(join(dir, `kubectl.${v}`)));
}

/** The path of kubectl.<version>, or undefined when this machine does not have it. */
export function kubectlPath(version: string = KUBECTL_DEFAULT_VERSION): string | undefined {
  const dir = kubectlDir();
  if (!dir) return undefined;
  const path = join(dir, `kubectl.${version}`);
  return isExecutable(path) ? path : undefined;
}

/**
 * Why tests of kubectl <version> cannot run, or false when they can. Throws
 * when FLOTILLA_REQUIRE_KUBECTL=1, so CI fails rather than skips. Suited to
 * `describe(name, { skip: kubectlSkipReason() }, ...)`.
 */
export function kubectlSkipReason(version: string = KUBECTL_DEFAULT_VERSION): string | false {
  if (kubectlPath(version)) return false;
  const dir = kubectlDir();
  const why = dir ? `kubectl.${version} is not in ${dir}` : `no kubectl on PATH (and ${KUBECTL_DIR_ENV} is not set)`;
  if (process.env[REQUIRE_KUBECTL_ENV] === '1') throw new Error(`${why}; ${REQUIRE_KUBECTL_ENV}=1 makes that a failure`);
  return why;
}

/**
 * In a test: the path of kubectl.<version>, or undefined after marking the test
 * skipped (the caller returns). Fails the test when FLOTILLA_REQUIRE_KUBECTL=1.
 */
export function requireKubectl(t: TestContext, version: string = KUBECTL_DEFAULT_VERSION): string | undefined {
  const why = kubectlSkipReason(version);
  if (why === false) return kubectlPath(version);
  t.skip(why);
  return undefined;
}

export interface KubectlOptions {
  /** The kubeconfig (KUBECONFIG); without one kubectl gets an empty config. */
  kubeconfig?: string;
  /** "1.32" unless told. */
  version?: string;
  /** Written to kubectl's stdin (`apply -f -`); stdin is closed either way, so kubectl never waits on it. */
  stdin?: string;
  /** KUBECTL_TIMEOUT_MS unless told; then kubectl is killed and the result says timedOut. */
  timeoutMs?: number;
  /** Added to the environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * kubectl's discovery and HTTP cache (KUBECACHEDIR). Unless told, a folder
   * beside the kubeconfig: a test server on a reused port must not be answered
   * from another server's cached discovery, and ~/.kube stays untouched.
   */
  cacheDir?: string;
}

export type KubectlResult = CommandResult;

/** The program, arguments and environment that run kubectl.<version> with args and the options' kubeconfig and cache. */
export function kubectlInvocation(args: readonly string[], opts: KubectlOptions = {}): Invocation {
  const version = opts.version ?? KUBECTL_DEFAULT_VERSION;
  const binary = kubectlPath(version);
  if (!binary) throw new Error(kubectlSkipReason(version) || `kubectl.${version} not found`);
  const kubeconfig = opts.kubeconfig ?? NO_KUBECONFIG;
  const cacheDir = opts.cacheDir ?? (opts.kubeconfig ? join(dirname(opts.kubeconfig), 'kubectl-cache') : undefined);
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, KUBECONFIG: kubeconfig };
  if (cacheDir) env.KUBECACHEDIR = cacheDir;
  return { file: binary, args: [...args], env };
}

/**
 * Starts kubectl.<version> and leaves it running: for commands that stream
 * until stopped (`logs -f`, `get -w`).
 */
export function startKubectl(args: readonly string[], opts: KubectlOptions = {}): ChildProcessWithoutNullStreams {
  const inv = kubectlInvocation(args, opts);
  return spawn(inv.file, inv.args, { env: inv.env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs kubectl.<version> with args; resolves when it exits or is killed at the timeout, never later. */
export function runKubectl(args: readonly string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return runCommand(kubectlInvocation(args, opts), { timeoutMs: opts.timeoutMs ?? KUBECTL_TIMEOUT_MS, ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }) });
}

export interface SuiteKubectl {
  /** kubectl in the suite's namespace; the result, whatever kubectl did. */
  run(args: string[], stdin?: string): Promise<KubectlResult>;
  /** As run, failing the test unless kubectl exits 0; its stdout. */
  ok(args: string[], stdin?: string): Promise<string>;
  /** Writes a manifest file into the suite's folder, for `apply -f`; its path. */
  manifest(name: string, text: string): string;
}

/**
 * kubectl as a suite uses it: one namespace, one kubeconfig and one folder for
 * manifests, read when a command runs (a suite's cluster starts in before()).
 */
export function suiteKubectl(namespace: string, cluster: () => { kubeconfig: string; dir: string }, version = KUBECTL_DEFAULT_VERSION): SuiteKubectl {
  const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
    runKubectl(['-n', namespace, ...args], { kubeconfig: cluster().kubeconfig, version, ...(stdin === undefined ? {} : { stdin }) });
  return {
    run,
    async ok(args, stdin) {
      const res = await run(args, stdin);
      assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
      return res.stdout;
    },
    manifest(name, text) {
      const path = join(cluster().dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
