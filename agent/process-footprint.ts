// Keeps the agent's resident memory small; imported before anything else, so
// it holds while the rest of the agent's modules load. The agent runs on every
// node beside the pods, and idles most of its life.
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';

/**
 * V8 doubles the young generation (up to 2 x 16 MiB on 64-bit) whenever much
 * of it survives a scavenge, as module loading and a burst of pod starts do,
 * and never gives it back: a third of an idle agent's memory. A factor of 1
 * keeps it at its initial size (2 x 1 MiB): more, shorter scavenges instead.
 */
const SEMI_SPACE_GROWTH_FACTOR = 1;

v8.setFlagsFromString(`--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`);

const require = createRequire(import.meta.url);

/**
 * Puts `exports` in the module cache under the file `resolve` names, so
 * whoever requires that file gets them without the file (and everything it
 * loads) being read. Nothing happens when the file cannot be found.
 */
function neverLoad(resolve: () => string, exports: unknown): void {
  let path: string;
  try {
    path = resolve();
  } catch {
    return;
  }
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = exports;
  require.cache[path] = standIn;
}

/**
 * docker-modem loads ssh2 at startup whatever the engine's address (with its
 * crypto, and a 16 MiB buffer for poly1305); the agent only talks to a local
 * engine's socket or TCP address. An ssh:// DOCKER_HOST fails with this message.
 */
neverLoad(() => createRequire(require.resolve('docker-modem')).resolve('ssh2'), {
  Client: class {
    constructor() {
      throw new Error('the agent reaches its Docker engine through a socket or tcp:// address; ssh:// is not supported');
    }
  },
});

/**
 * dockerode loads a gRPC server and its own copy of protobufjs at startup for
 * BuildKit sessions (image builds with registry credentials), which the agent
 * never starts.
 */
neverLoad(
  () => join(dirname(require.resolve('dockerode')), 'session.js'),
  (_docker: unknown, _auth: unknown, handler: (err: Error, sessionId: null, done: () => void) => void) =>
    handler(new Error('the agent does not build images'), null, () => undefined),
);
