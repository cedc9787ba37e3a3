// IPv4 arithmetic for deploy/lab.sh, which bash does badly.
//   node subnet.mjs free PREFIX          reads CIDRs in use (one a line) on stdin and prints the
//                                        first PREFIX.X.0/24 that overlaps none of them
//   node subnet.mjs plan CIDR OFFSET N   prints "SUBNET DYNAMIC_RANGE" (the upper half of the
//                                        subnet, for Docker's own assignments), then the N fixed
//                                        node addresses from host OFFSET+1 up
// Errors go to stderr with exit code 1.
import { readFileSync } from 'node:fs';

const SEARCH_PREFIX_LENGTH = 24;
const WIDEST_LAB_PREFIX = 8;
const NARROWEST_LAB_PREFIX = 24;
const ADDRESS_BITS = 32;

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function toNumber(address) {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function toAddress(n) {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** { base, size } of an IPv4 CIDR, the base aligned down to the prefix, or undefined. */
function parseCidr(cidr) {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const address = toNumber(match[1]);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > ADDRESS_BITS) return undefined;
  const size = 2 ** (ADDRESS_BITS - prefix);
  return { base: address - (address % size), size, prefix };
}

const overlaps = (a, b) => a.base < b.base + b.size && b.base < a.base + a.size;

function free(prefix) {
  const used = readFileSync(0, 'utf8').split(/\s+/).map(parseCidr).filter(Boolean);
  for (let x = 0; x < 256; x++) {
    const candidate = parseCidr(`${prefix}.${x}.0/${SEARCH_PREFIX_LENGTH}`);
    if (!candidate) fail(`${prefix} is not the first two octets of an IPv4 address`);
    if (!used.some((u) => overlaps(u, candidate))) return `${prefix}.${x}.0/${SEARCH_PREFIX_LENGTH}`;
  }
  fail(`every ${prefix}.X.0/${SEARCH_PREFIX_LENGTH} is in use`);
}

function plan(cidr, offsetText, countText) {
  const subnet = parseCidr(cidr);
  if (!subnet) fail(`"${cidr}" is not an IPv4 CIDR such as 10.210.0.0/24`);
  if (subnet.prefix < WIDEST_LAB_PREFIX || subnet.prefix > NARROWEST_LAB_PREFIX) {
    fail(`"${cidr}" must be a /${WIDEST_LAB_PREFIX} to /${NARROWEST_LAB_PREFIX}`);
  }
  const offset = Number(offsetText);
  const count = Number(countText);
  const half = subnet.size / 2;
  if (offset + count >= half) fail(`"${cidr}" has room for ${Math.max(0, half - offset - 1)} nodes, not ${count}`);
  const lines = [`${toAddress(subnet.base)}/${subnet.prefix} ${toAddress(subnet.base + half)}/${subnet.prefix + 1}`];
  for (let i = 1; i <= count; i++) lines.push(toAddress(subnet.base + offset + i));
  return lines.join('\n');
}

const [command, ...args] = process.argv.slice(2);
if (command === 'free' && args.length === 1) console.log(free(args[0]));
else if (command === 'plan' && args.length === 3) console.log(plan(...args));
else fail('usage: subnet.mjs free PREFIX < used-cidrs | subnet.mjs plan CIDR OFFSET N');
