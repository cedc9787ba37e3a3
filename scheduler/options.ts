// Command-line flags, named as kube-scheduler's where it has them.
import { Command } from 'commander';
import { addComponentFlags, defaultIdentity, integer, parseComponentArgs, type ComponentFlags, type ComponentFlagSpec } from '../client/component-flags.js';
import { DEFAULT_SCHEDULER_NAME } from './scheduler.js';

export { defaultIdentity };

export const DEFAULT_HEALTH_PORT = 10259;
export const DEFAULT_LEASE_NAME = 'kube-scheduler';

const COMPONENT_FLAGS: ComponentFlagSpec = {
  healthPort: DEFAULT_HEALTH_PORT,
  leaseName: DEFAULT_LEASE_NAME,
  leaderElectPurpose: 'scheduling',
  leaseTimings: 'integer',
};

export interface SchedulerFlags extends ComponentFlags {
  schedulerName: string;
  percentageOfNodesToScore: number;
}

export function parseFlags(argv: string[]): SchedulerFlags {
  const program = addComponentFlags(new Command('flotilla-scheduler').description('Places pending pods on nodes.'), COMPONENT_FLAGS)
    .option('--scheduler-name <name>', 'pods with this spec.schedulerName are ours', DEFAULT_SCHEDULER_NAME)
    .option('--percentage-of-nodes-to-score <pct>', '0: adaptive as kube-scheduler', integer, 0);
  const { common, opts: o } = parseComponentArgs(program, argv, COMPONENT_FLAGS);
  return {
    ...common,
    schedulerName: o.schedulerName as string,
    percentageOfNodesToScore: o.percentageOfNodesToScore as number,
  };
}
