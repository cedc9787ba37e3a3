// The controllers this process knows, by the names --controllers uses.
import type { Controller, ControllerContext } from './common/controller-context.js';
import { CronJobController } from './cronjob/cronjob-controller.js';
import { DaemonSetController } from './daemonset/daemonset-controller.js';
import { DeploymentController } from './deployment/deployment-controller.js';
import { DisruptionController } from './disruption/disruption-controller.js';
import { HpaController } from './hpa/hpa-controller.js';
import { JobController } from './job/job-controller.js';
import { TtlAfterFinishedController } from './job/ttl-after-finished-controller.js';
import { EndpointsController } from './endpoints/endpoints-controller.js';
import { GarbageCollector } from './garbage-collector/garbage-collector.js';
import { NodeIpamController } from './nodeipam/node-ipam-controller.js';
import { NodeLifecycleController } from './node-lifecycle/node-lifecycle-controller.js';
import { PodGcController } from './pod-gc/pod-gc-controller.js';
import type { ControllerManagerFlags } from './options.js';
import { ReplicaSetController } from './replicaset/replicaset-controller.js';
import { ResourceQuotaController } from './resourcequota/resource-quota-controller.js';
import { StatefulSetController } from './statefulset/statefulset-controller.js';
import { PersistentVolumeController } from './volume/persistent-volume-controller.js';
import { PvProtectionController } from './volume/pv-protection-controller.js';
import { PvcProtectionController } from './volume/pvc-protection-controller.js';
import { readFileSync } from 'node:fs';
import { RootCaPublisher } from './serviceaccount/root-ca-publisher.js';
import { ServiceAccountsController } from './serviceaccount/serviceaccounts-controller.js';
import { TokenCleaner } from './bootstrap/token-cleaner.js';
import { CsrApprovingController } from './certificates/csr-approving-controller.js';
import { CsrSigningController } from './certificates/csr-signing-controller.js';
import type { CaSigner } from './certificates/ca-signer.js';

/** What controllers need read from files before they are built (read once, at start, so a bad file stops the process). */
export interface LoadedFiles {
  /** The cluster CA as a signer, when --cluster-signing-cert-file and --cluster-signing-key-file are given. */
  signer?: CaSigner;
}

export interface ControllerEntry {
  name: string;
  /** The component its events name (`From` in kubectl describe), as kube-controller-manager's controllers call themselves. */
  eventSource: string;
  build(ctx: ControllerContext, flags: ControllerManagerFlags, loaded: LoadedFiles): { controller: Controller; workers: number };
  /** False when the flags leave it nothing to do, even if --controllers names it. */
  configured?(flags: ControllerManagerFlags): boolean;
}

export const CONTROLLERS: readonly ControllerEntry[] = [
  { name: 'replicaset', eventSource: 'replicaset-controller', build: (ctx, f) => ({ controller: new ReplicaSetController(ctx), workers: f.concurrentReplicaSetSyncs }) },
  { name: 'deployment', eventSource: 'deployment-controller', build: (ctx, f) => ({ controller: new DeploymentController(ctx), workers: f.concurrentDeploymentSyncs }) },
  { name: 'daemonset', eventSource: 'daemonset-controller', build: (ctx) => ({ controller: new DaemonSetController(ctx), workers: 2 }) },
  { name: 'statefulset', eventSource: 'statefulset-controller', build: (ctx) => ({ controller: new StatefulSetController(ctx), workers: 2 }) },
  { name: 'job', eventSource: 'job-controller', build: (ctx) => ({ controller: new JobController(ctx), workers: 5 }) },
  { name: 'cronjob', eventSource: 'cronjob-controller', build: (ctx) => ({ controller: new CronJobController(ctx), workers: 5 }) },
  { name: 'ttl-after-finished', eventSource: 'ttl-after-finished-controller', build: (ctx) => ({ controller: new TtlAfterFinishedController(ctx), workers: 5 }) },
  { name: 'disruption', eventSource: 'controllermanager', build: (ctx) => ({ controller: new DisruptionController(ctx), workers: 1 }) },
  { name: 'garbagecollector', eventSource: 'garbage-collector-controller', build: (ctx, f) => ({ controller: new GarbageCollector(ctx), workers: f.concurrentGcSyncs }) },
  {
    name: 'nodelifecycle',
    eventSource: 'node-controller',
    build: (ctx, f) => ({
      controller: new NodeLifecycleController(ctx, { monitorPeriodMs: f.nodeMonitorPeriodMs, gracePeriodMs: f.nodeMonitorGracePeriodMs, evictionPeriodMs: f.podEvictionPeriodMs }),
      workers: 1,
    }),
  },
  {
    name: 'nodeipam',
    eventSource: 'cidrAllocator',
    configured: (f) => f.clusterCIDR !== '',
    // One worker: the subnet set is handed out in order, one node at a time.
    build: (ctx, f) => ({ controller: new NodeIpamController(ctx, { clusterCIDR: f.clusterCIDR, nodeCIDRMaskSize: f.nodeCIDRMaskSize }), workers: 1 }),
  },
  { name: 'endpointslice', eventSource: 'endpointslice-controller', build: (ctx) => ({ controller: new EndpointsController(ctx), workers: 5 }) },
  { name: 'podgc', eventSource: 'pod-garbage-collector', build: (ctx, f) => ({ controller: new PodGcController(ctx, { periodMs: f.podGcPeriodMs, terminatedThreshold: f.terminatedPodGcThreshold }), workers: 1 }) },
  {
    name: 'horizontalpodautoscaling',
    eventSource: 'horizontal-pod-autoscaler',
    build: (ctx, f) => ({ controller: new HpaController(ctx, { syncPeriodMs: f.hpaSyncPeriodMs, downscaleStabilizationMs: f.hpaDownscaleStabilizationMs }), workers: 5 }),
  },
  { name: 'persistentvolume-binder', eventSource: 'persistentvolume-controller', build: (ctx) => ({ controller: new PersistentVolumeController(ctx), workers: 1 }) },
  { name: 'pvc-protection', eventSource: 'pvc-protection-controller', build: (ctx) => ({ controller: new PvcProtectionController(ctx), workers: 1 }) },
  { name: 'pv-protection', eventSource: 'pv-protection-controller', build: (ctx) => ({ controller: new PvProtectionController(ctx), workers: 1 }) },
  { name: 'resourcequota', eventSource: 'resource-quota-controller', build: (ctx) => ({ controller: new ResourceQuotaController(ctx), workers: 5 }) },
  { name: 'serviceaccount', eventSource: 'service-account-controller', build: (ctx) => ({ controller: new ServiceAccountsController(ctx), workers: 1 }) },
  {
    name: 'root-ca-cert-publisher',
    eventSource: 'root-ca-cert-publisher',
    // Nothing to publish without a CA: the controller is left out, as the flag's help says.
    configured: (f) => f.rootCaFile !== '',
    build: (ctx, f) => ({ controller: new RootCaPublisher(ctx, readFileSync(f.rootCaFile, 'utf8')), workers: 1 }),
  },
  { name: 'tokencleaner', eventSource: 'tokencleaner', build: (ctx) => ({ controller: new TokenCleaner(ctx), workers: 1 }) },
  { name: 'csrapproving', eventSource: 'csrapproving', build: (ctx, f) => ({ controller: new CsrApprovingController(ctx, { approveKubeletServing: f.approveKubeletServing }), workers: 1 }) },
  {
    name: 'csrsigning',
    eventSource: 'csrsigning',
    // Without the CA's certificate and key there is nothing to sign with.
    configured: (f) => f.clusterSigningCertFile !== '' && f.clusterSigningKeyFile !== '',
    build: (ctx, _f, loaded) => {
      if (!loaded.signer) throw new Error('csrsigning needs --cluster-signing-cert-file and --cluster-signing-key-file');
      return { controller: new CsrSigningController(ctx, loaded.signer), workers: 2 };
    },
  },
];

export const KNOWN_CONTROLLERS = CONTROLLERS.map((c) => c.name);
