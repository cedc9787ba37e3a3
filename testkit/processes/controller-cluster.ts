// A test file's cluster for controller tests: control plane, its namespaces, a
// fake agent and (optionally) the controller-manager process, started before
// the file's tests and stopped after them, newest first.
import { useControlPlane, type ControlPlaneHandle } from './use-control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from './controller-manager-process.js';
import { FakeAgent, type FakeAgentOptions } from '../fakes/fake-agent.js';
import { createNamespace } from '../objects/workloads.js';

export interface ControllerClusterOptions {
  /** Created first, in order; the fake agent works in the first. */
  namespaces: readonly string[];
  agent: Omit<FakeAgentOptions, 'namespace'>;
  /** Flags of a controller-manager started last; none is started without them. */
  controllerManagerArgs?: readonly string[];
  /** Serve the Kubernetes HTTP API too, for kubectl (the handle's kubeconfig). */
  https?: boolean;
  /** More apiserver flags, e.g. the default toleration seconds. */
  apiServerArgs?: readonly string[];
}

export interface ControllerCluster extends ControlPlaneHandle {
  readonly agent: FakeAgent;
}

/** Registers the before/after hooks of the cluster; read the handle inside tests. */
export function useControllerCluster(opts: ControllerClusterOptions): ControllerCluster {
  let agent: FakeAgent | undefined;
  let cm: ControllerManagerProcess | undefined;
  const plane = useControlPlane(
    { https: opts.https ?? false, extraArgs: [...(opts.apiServerArgs ?? [])] },
    {
      setUp: async ({ plane, client }) => {
        for (const ns of opts.namespaces) await createNamespace(client, ns);
        agent = new FakeAgent(client, { ...opts.agent, namespace: opts.namespaces[0] });
        await agent.start();
        if (opts.controllerManagerArgs) cm = await startControllerManager(plane.apiserver.address, plane.logDir, { extraArgs: [...opts.controllerManagerArgs] });
      },
      tearDown: async () => {
        await cm?.stop();
        await agent?.stop();
      },
    },
  );
  return {
    get plane() {
      return plane.plane;
    },
    get client() {
      return plane.client;
    },
    get address() {
      return plane.address;
    },
    get kubeconfig() {
      return plane.kubeconfig;
    },
    get agent() {
      if (!agent) throw new Error('the fake agent is only there while the file\'s tests run');
      return agent;
    },
  };
}
