// The service CIDR (`--service-cluster-ip-range`): IPv4 addresses as offsets
// from the network address, so an allocator can pick and scan by number.
import { isIPv4 } from 'node:net';

/** kubeadm's default service subnet. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
/** Kubernetes refuses service ranges larger than a /12's 2^20 addresses (flag validation). */
const MIN_PREFIX_LENGTH = 12;
/** A /31 or /32 leaves nothing once the network and broadcast addresses are set aside. */
const MAX_PREFIX_LENGTH = 30;

export interface IpRange {
  cidr: string;
  /** The network address as a number. */
  base: number;
  /** Addresses in the range, the network and broadcast addresses included. */
  size: number;
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function parseIpRange(cidr: string): IpRange {
  const [ip = '', bits = ''] = cidr.split('/');
  const prefix = Number(bits);
  if (!isIPv4(ip) || !/^\d+$/.test(bits) || prefix < MIN_PREFIX_LENGTH || prefix > MAX_PREFIX_LENGTH) {
    throw new Error(`service CIDR ${cidr}: expected an IPv4 CIDR between /${MIN_PREFIX_LENGTH} and /${MAX_PREFIX_LENGTH}`);
  }
  const size = 2 ** (32 - prefix);
  const base = toNumber(ip) - (toNumber(ip) % size);
  return { cidr: `${toIp(base)}/${prefix}`, base, size };
}

/** The offset of `ip` in the range, or undefined when outside it or reserved (network, broadcast). */
export function offsetOf(range: IpRange, ip: string): number | undefined {
  if (!isIPv4(ip)) return undefined;
  const offset = toNumber(ip) - range.base;
  return offset >= 1 && offset < range.size - 1 ? offset : undefined;
}

export function ipAt(range: IpRange, offset: number): string {
  return toIp(range.base + offset);
}

/** The address the `kubernetes` Service takes, as kube-apiserver's: the first after the network address. */
export function firstServiceIp(range: IpRange): string {
  return ipAt(range, 1);
}
