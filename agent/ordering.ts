// Orderings for the agent's sorts. String.prototype.localeCompare orders by the
// machine's locale and loads ICU's collation data on first use, megabytes of
// resident memory for comparing timestamps, ids and addresses; these order the
// same on every machine and load nothing.

/** By UTF-16 code units: RFC 3339 times of one format in time order, ids and names as bytes. */
export function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Dotted IPv4 addresses by value (10.0.0.9 before 10.0.0.10); anything else by code units after them. */
export function byIPv4(a: string, b: string): number {
  const pa = ipv4Octets(a);
  const pb = ipv4Octets(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : byCodeUnits(a, b);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Octets(ip: string): number[] | undefined {
  const m = IPV4.exec(ip);
  return m ? m.slice(1).map(Number) : undefined;
}
