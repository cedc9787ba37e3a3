// Where the elements of a merged list end up, as Kubernetes orders them: the
// elements the patch names follow the patch's order (or its $setElementOrder
// list), the elements only the server has keep their live order, and the two
// runs are interleaved by live position where both are known.

/** The identity of an element: its merge key value, or the value itself for primitives; undefined if it has none. */
export type ElementIdentity = (element: unknown) => unknown;

export function orderMergedList(
  merged: readonly unknown[],
  wantedOrder: readonly unknown[],
  live: readonly unknown[],
  identity: ElementIdentity,
): unknown[] {
  const wanted = indexOfIdentities(wantedOrder);
  const livePositions = indexOfIdentities(live.map(identity));
  const position = (index: Map<unknown, number>, element: unknown): number => {
    const id = identity(element);
    return id === undefined ? -1 : (index.get(id) ?? -1);
  };

  const named: unknown[] = [];
  const serverOnly: unknown[] = [];
  // Elements the patch does not name all come from the live list, so `merged`
  // already holds them in live order; only the named ones need sorting.
  for (const element of merged) (position(wanted, element) >= 0 ? named : serverOnly).push(element);
  // Array.prototype.sort is stable, so equal identities keep their merged order.
  named.sort((a, b) => position(wanted, a) - position(wanted, b));

  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < named.length) {
    if (j >= named.length) {
      out.push(serverOnly[i++]);
    } else if (i >= serverOnly.length) {
      out.push(named[j++]);
    } else {
      const left = position(livePositions, serverOnly[i]);
      const right = position(livePositions, named[j]);
      out.push(left >= 0 && right >= 0 && left < right ? serverOnly[i++] : named[j++]);
    }
  }
  return out;
}

/** First position of each identity; identities are JSON primitives, so a Map keyed by value matches them. */
function indexOfIdentities(ids: readonly unknown[]): Map<unknown, number> {
  const index = new Map<unknown, number>();
  ids.forEach((id, i) => {
    if (id !== undefined && !index.has(id)) index.set(id, i);
  });
  return index;
}

/**
 * Whether `subsequence` appears in `sequence` in the same relative order
 * (not necessarily contiguous).
 */
export function isSubsequence(subsequence: readonly unknown[], sequence: readonly unknown[]): boolean {
  let j = 0;
  for (const item of sequence) {
    if (j < subsequence.length && subsequence[j] === item) j++;
  }
  return j === subsequence.length;
}
