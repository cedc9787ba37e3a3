// The NodePort range (`--service-node-port-range`, `30000-32767` by default).
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface PortRange {
  min: number;
  max: number;
}

export function parsePortRange(text: string): PortRange {
  const match = /^(\d+)-(\d+)$/.exec(text.trim()) ?? /^(\d+)\+(\d+)$/.exec(text.trim());
  const min = Number(match?.[1]);
  const max = text.includes('+') ? min + Number(match?.[2]) - 1 : Number(match?.[2]);
  if (!match || min < 1 || max > 65535 || max < min) throw new Error(`node port range ${text}: expected MIN-MAX within 1-65535`);
  return { min, max };
}

export function formatPortRange(range: PortRange): string {
  return `${range.min}-${range.max}`;
}
