// The agent's view of one Docker container, rebuilt from Docker alone.
import type { ContainerIdentity } from '../labels.js';

export type RuntimeState = 'created' | 'running' | 'exited' | 'unknown';

export interface RuntimeContainer extends ContainerIdentity {
  id: string;
  /** Docker's name without the leading slash. */
  dockerName: string;
  image: string;
  imageID: string;
  state: RuntimeState;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's own error for a container that failed to start. */
  error: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Address on each attached network, by network name. */
  addresses: Record<string, string>;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

/** A mount prepared by the volume manager, in Docker's terms. */
export interface RuntimeMount {
  source: string;
  target: string;
  readOnly: boolean;
}
