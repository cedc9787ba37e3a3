// One local HTTP server per test file for the pod stream routes, and the waits the tests share.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { silentLogger } from '../../../client/silent-logger.js';
import type { ExecStart, LogsRequest } from '../../../client/streaming-messages.js';
import { podExecUpgrade, podLogRoute, podPortForwardUpgrade, type UpgradeContext } from './index.js';
import { FakeRelay, USER } from './pod-streams-fakes.js';

export interface PodStreamsServer {
  /** host:port of the server. */
  readonly base: string;
  /** A fresh relay for every test. */
  readonly relay: FakeRelay;
}

/**
 * The log route and the exec, attach and portforward upgrades on a plain local
 * HTTP server for the tests of one file, with a fake relay in place of the agents.
 */
export function usePodStreamsServer(): PodStreamsServer {
  let server: Server;
  const state = { base: '', relay: new FakeRelay() };
  const relay = (): FakeRelay => state.relay;

  before(async () => {
    const deps = {
      relay: {
        prepareLogs: (r: LogsRequest) => relay().prepareLogs(r),
        prepareExec: (s: ExecStart) => relay().prepareExec(s),
        prepareAttach: (s: ExecStart) => relay().prepareAttach(s),
        preparePortForward: (ns: string, name: string) => relay().preparePortForward(ns, name),
      },
      log: silentLogger(),
    };
    const route = podLogRoute(deps);
    const upgrades = [podExecUpgrade(deps), podPortForwardUpgrade(deps)];
    const upgrade = async (ctx: UpgradeContext): Promise<boolean> => {
      for (const handler of upgrades) if (await handler(ctx)) return true;
      return false;
    };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      void route({ req, res, url, user: USER }).then((mine) => {
        if (!mine) res.writeHead(404).end();
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      void upgrade({ req, socket, head, url, user: USER }).then((mine) => {
        if (!mine) socket.destroy();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    state.base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  beforeEach(() => {
    state.relay = new FakeRelay();
  });
  return state;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
