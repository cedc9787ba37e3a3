// The node pod CIDRs carved out of the cluster CIDR, as kube-controller-manager's
// range allocator keeps them: the cluster CIDR split into equal subnets of
// --node-cidr-mask-size, one bit each, handed out round-robin from after the
// last one given, so a CIDR just freed is not reused at once (packets still in
// flight to the old node's pods would reach the new node's).
import { isIPv4 } from 'node:net';

/** kube-controller-manager refuses more than 2^16 node subnets (its clusterSubnetMaxDiff). */
export const MAX_SUBNET_BITS = 16;
const IPV4_BITS = 32;

export class CidrSetError extends Error {
  constructor(
    readonly reason: 'Invalid' | 'OutOfRange' | 'Full',
    message: string,
  ) {
    super(message);
    this.name = 'CidrSetError';
  }
}

interface Ipv4Cidr {
  base: number;
  prefix: number;
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** An IPv4 CIDR, its address masked to the network; undefined for anything else. */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
  const [ip = '', bits = '', ...rest] = cidr.split('/');
  if (rest.length > 0 || !isIPv4(ip) || !/^\d{1,2}$/.test(bits) || Number(bits) > IPV4_BITS) return undefined;
  const prefix = Number(bits);
  const size = 2 ** (IPV4_BITS - prefix);
  const n = toNumber(ip);
  return { base: n - (n % size), prefix };
}

export function formatIpv4Cidr(c: Ipv4Cidr): string {
  return `${toIp(c.base)}/${c.prefix}`;
}

export class CidrSet {
  readonly clusterCIDR: string;
  private readonly cluster: Ipv4Cidr;
  private readonly subnetSize: number;
  private readonly used: Uint8Array;
  private next = 0;
  private usedCount = 0;

  constructor(clusterCIDR: string, readonly maskSize: number) {
    const cluster = parseIpv4Cidr(clusterCIDR);
    if (!cluster) throw new CidrSetError('Invalid', `--cluster-cidr ${clusterCIDR}: expected an IPv4 CIDR such as 10.244.0.0/16`);
    if (!Number.isInteger(maskSize) || maskSize < cluster.prefix || maskSize > IPV4_BITS) {
      throw new CidrSetError('Invalid', `--node-cidr-mask-size ${maskSize}: must be between the cluster CIDR's prefix (${cluster.prefix}) and ${IPV4_BITS}`);
    }
    if (maskSize - cluster.prefix > MAX_SUBNET_BITS) {
      throw new CidrSetError('Invalid', `--node-cidr-mask-size ${maskSize} splits ${clusterCIDR} into more than 2^${MAX_SUBNET_BITS} node subnets; use a smaller mask size`);
    }
    this.cluster = cluster;
    this.clusterCIDR = formatIpv4Cidr(cluster);
    this.subnetSize = 2 ** (IPV4_BITS - maskSize);
    this.used = new Uint8Array(2 ** (maskSize - cluster.prefix));
  }

  get capacity(): number {
    return this.used.length;
  }

  get free(): number {
    return this.used.length - this.usedCount;
  }

  /** The next free subnet, marked used. */
  allocateNext(): string {
    for (let i = 0; i < this.used.length; i++) {
      const candidate = (this.next + i) % this.used.length;
      if (this.used[candidate]) continue;
      this.mark(candidate, 1);
      this.next = (candidate + 1) % this.used.length;
      return this.subnetAt(candidate);
    }
    throw new CidrSetError('Full', `no pod CIDR of size /${this.maskSize} is left in the cluster CIDR ${this.clusterCIDR} (all ${this.used.length} are assigned)`);
  }

  /** Marks a subnet some node already has; answers whether it was free. */
  occupy(cidr: string): boolean {
    const index = this.indexOf(cidr);
    const wasFree = this.used[index] === 0;
    this.mark(index, 1);
    return wasFree;
  }

  release(cidr: string): void {
    this.mark(this.indexOf(cidr), 0);
  }

  /** Whether `cidr` is one of this set's node subnets. */
  contains(cidr: string): boolean {
    try {
      this.indexOf(cidr);
      return true;
    } catch {
      return false;
    }
  }

  private indexOf(cidr: string): number {
    const parsed = parseIpv4Cidr(cidr);
    const offset = parsed ? parsed.base - this.cluster.base : -1;
    if (!parsed || parsed.prefix !== this.maskSize || offset < 0 || offset >= this.used.length * this.subnetSize) {
      throw new CidrSetError('OutOfRange', `${cidr} is not a /${this.maskSize} subnet of the cluster CIDR ${this.clusterCIDR}`);
    }
    return offset / this.subnetSize;
  }

  private subnetAt(index: number): string {
    return formatIpv4Cidr({ base: this.cluster.base + index * this.subnetSize, prefix: this.maskSize });
  }

  private mark(index: number, value: 0 | 1): void {
    if (this.used[index] === value) return;
    this.used[index] = value;
    this.usedCount += value === 1 ? 1 : -1;
  }
}
