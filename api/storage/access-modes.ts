// Volume access modes and kubectl's abbreviations of them.
import type { PersistentVolumeAccessMode } from '../types/storage.js';

export const ACCESS_MODES: readonly PersistentVolumeAccessMode[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

const ABBREVIATIONS: Readonly<Record<PersistentVolumeAccessMode, string>> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

/** `RWO,RWX`: each mode once, in ACCESS_MODES order whatever the list's, as kubectl's GetAccessModesAsString. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return ACCESS_MODES.filter((mode) => present.has(mode))
    .map((mode) => ABBREVIATIONS[mode])
    .join(',');
}
