// Flags for node itself when the testkit starts a component, from the
// environment, to profile or tune a benchmark run without editing code:
// FLOTILLA_NODE_ARGS for every one (apiserver, scheduler, controller-manager,
// agent), FLOTILLA_<COMPONENT>_NODE_ARGS for one of them, e.g.
// FLOTILLA_SCHEDULER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const SHARED_ENV = 'FLOTILLA_NODE_ARGS';

function envName(component: string): string {
  return `FLOTILLA_${component.toUpperCase().replace(/-/g, '_')}_NODE_ARGS`;
}

function split(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter(Boolean);
}

export function nodeArgsFor(component: string): string[] {
  return [...split(process.env[SHARED_ENV]), ...split(process.env[envName(component)])];
}
