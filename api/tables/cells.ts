// Cell helpers shared by several kinds' tables.
import type { Container } from '../types/pod.js';

export const NONE = '<none>';

/** kubectl's CONTAINERS and IMAGES cells: names and images joined by commas. */
export function containerCells(containers: readonly Container[] | undefined): { names: string; images: string } {
  const list = containers ?? [];
  return {
    names: list.map((c) => c.name).join(','),
    images: list.map((c) => c.image ?? '').join(','),
  };
}

/** `k1=v1,k2=v2` sorted by key (Kubernetes' labels.FormatLabels), `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return NONE;
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

export function count(value: number | undefined): string {
  return String(value ?? 0);
}
