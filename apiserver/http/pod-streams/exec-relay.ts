// The one exec / attach relay core both front ends share (WebSocket channels
// and direct SPDY streams): it opens the command through the agent, passes on
// only the streams the query asked for, and reports the command's end as the
// Status the error stream carries. Front ends only translate their wire.
import type { ExecSession } from '../../../client/exec-session.js';
import type { Status } from '../../../api/types/index.js';
import { relayError, type ExecTarget } from '../../streaming/pod-relay.js';
import { errorStatus, exitStatus } from './channel-protocol.js';
import type { ExecQuery } from './query-params.js';

/** Where a front end puts what the command says. */
export interface ExecFrontEnd {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** The command ended (its exit Status) or failed; called once, and not after clientGone(). */
  finish(status: Status): void;
}

/** What a front end passes in from its client. */
export interface ExecRun {
  stdin(data: Buffer): void;
  closeStdin(): void;
  resize(width: number, height: number): void;
  /** The client left: the command's stream stops (the command ends as the agent ends it). */
  clientGone(): void;
}

export function runExec(query: ExecQuery, target: ExecTarget, front: ExecFrontEnd): ExecRun {
  let finished = false;
  const session: ExecSession = target.open({
    stdout: (chunk) => {
      if (query.stdout) front.stdout(chunk);
    },
    stderr: (chunk) => {
      if (query.stderr) front.stderr(chunk);
    },
  });
  const finish = (status: Status): void => {
    if (finished) return;
    finished = true;
    front.finish(status);
  };
  session.done.then(
    (exitCode) => finish(exitStatus(exitCode)),
    (err: unknown) => finish(errorStatus(relayError(err))),
  );
  return {
    stdin: (data) => {
      if (query.stdin && data.length > 0) session.writeStdin(data);
    },
    closeStdin: () => {
      if (query.stdin) session.closeStdin();
    },
    resize: (width, height) => {
      if (query.tty) session.resize(width, height);
    },
    clientGone: () => {
      if (finished) return;
      finished = true;
      session.cancel();
    },
  };
}
