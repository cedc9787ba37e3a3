// Relays queries for names outside the cluster domain to the host's resolver,
// as CoreDNS's `forward . /etc/resolv.conf` does.
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

const DNS_PORT = 53;
/** An upstream that does not answer within this long gets the client a SERVFAIL. */
export const FORWARD_TIMEOUT_MS = 2_000;

export interface Forwarder {
  forward(raw: Buffer): Promise<Buffer>;
}

/** The first nameserver of a resolv.conf. */
export function firstNameserver(resolvConf: string): string | undefined {
  for (const line of resolvConf.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key === 'nameserver' && value) return value;
  }
  return undefined;
}

export async function hostNameserver(path = '/etc/resolv.conf'): Promise<string | undefined> {
  return firstNameserver(await readFile(path, 'utf8').catch(() => ''));
}

export class UdpForwarder implements Forwarder {
  constructor(
    private readonly upstream: string,
    private readonly port = DNS_PORT,
  ) {}

  forward(raw: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(this.upstream.includes(':') ? 'udp6' : 'udp4');
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`upstream ${this.upstream} did not answer within ${FORWARD_TIMEOUT_MS} ms`));
      }, FORWARD_TIMEOUT_MS);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        socket.close();
        resolve(msg);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.close();
        reject(err);
      });
      socket.send(raw, this.port, this.upstream);
    });
  }
}
