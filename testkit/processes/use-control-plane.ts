// One control plane per test file: node:test before/after hooks start it ahead
// of the file's tests and stop it after them, with whatever runs on top of it.
import { after, before } from 'node:test';
import type { ApiClient } from '../../client/api-client.js';
import { startControlPlane, type ControlPlaneOptions, type TestControlPlane } from './control-plane.js';

export interface ControlPlaneHandle {
  /** The running control plane: there from the first test to the last. */
  readonly plane: TestControlPlane;
  /** A client of its apiserver, closed when the plane stops. */
  readonly client: ApiClient;
  /** The apiserver's gRPC address, host:port (what flotctl and the components dial). */
  readonly address: string;
  /** The kubeconfig of its Kubernetes HTTP API, for runKubectl; only with `useControlPlane({ https: true })`. */
  readonly kubeconfig: string;
}

export interface ControlPlaneHooks {
  /** Runs once the plane is up, before the tests: start what runs on top of it. */
  setUp?(handle: ControlPlaneHandle): Promise<void>;
  /** Runs after the tests, before the plane stops: stop what setUp started. */
  tearDown?(): Promise<void>;
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is only there while the file's tests run (after before(), until after())`);
  return value;
}

/** Registers the before/after hooks of a test file's control plane; read the handle inside tests. */
export function useControlPlane(opts: ControlPlaneOptions = {}, hooks: ControlPlaneHooks = {}): ControlPlaneHandle {
  let plane: TestControlPlane | undefined;
  let client: ApiClient | undefined;
  const handle: ControlPlaneHandle = {
    get plane() {
      return present(plane, 'the control plane');
    },
    get client() {
      return present(client, 'the control plane client');
    },
    get address() {
      return present(plane, 'the control plane').apiserver.address;
    },
    get kubeconfig() {
      const path = present(plane, 'the control plane').apiserver.kubeconfigPath;
      if (path === undefined) throw new Error('the control plane serves no HTTPS: start it with useControlPlane({ https: true })');
      return path;
    },
  };
  before(async () => {
    plane = await startControlPlane(opts);
    client = plane.apiserver.client();
    await hooks.setUp?.(handle);
  });
  after(async () => {
    try {
      await hooks.tearDown?.();
    } finally {
      await plane?.stop();
    }
  });
  return handle;
}
