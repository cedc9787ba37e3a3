// A workload's spec.selector as a Selector. Validation rejects bad selectors on
// write, so one that still fails to parse selects nothing rather than stopping the sync.
import { selectorFromLabelSelector, type Selector } from '../../api/labels/label-selector.js';
import type { LabelSelector } from '../../api/types/index.js';

/** The parsed selector, or null when it does not parse. */
export function workloadSelector(workload: { spec: { selector?: LabelSelector | null } }): Selector | null {
  try {
    return selectorFromLabelSelector(workload.spec.selector);
  } catch {
    return null;
  }
}
