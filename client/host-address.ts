// The host's own IPv4 address, as other hosts and the pods see it: the first
// address of a physical interface. Docker's and our own bridges are not it.
import { networkInterfaces } from 'node:os';

const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|cni|flannel|lo)/;

export function detectHostIPv4(): string {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (VIRTUAL_INTERFACE.test(name)) continue;
    const v4 = (addrs ?? []).find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return '127.0.0.1';
}
