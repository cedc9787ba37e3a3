// What `/version` answers. kubectl compares the server's major.minor with its
// own and warns beyond one minor of skew, so Flotilla reports the Kubernetes
// release whose API it serves, with its own name in the pre-release part.
export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

/** The Kubernetes API level served: kubectl 1.31 to 1.33 are within the supported skew. */
export const SERVED_KUBERNETES_MAJOR = '1';
export const SERVED_KUBERNETES_MINOR = '32';

/** Go's names for the architectures, as `platform` is read by tools that pick binaries by it. */
const GO_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

export function flotillaVersionInfo(overrides: Partial<VersionInfo> = {}): VersionInfo {
  return Object.freeze({
    major: SERVED_KUBERNETES_MAJOR,
    minor: SERVED_KUBERNETES_MINOR,
    gitVersion: `v${SERVED_KUBERNETES_MAJOR}.${SERVED_KUBERNETES_MINOR}.0-flotilla`,
    gitCommit: '',
    gitTreeState: '',
    // Kubernetes' value when a build does not stamp one.
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${GO_ARCH[process.arch] ?? process.arch}`,
    ...overrides,
  });
}
