// Where a jump into one of our chains sits in a built-in chain. Docker inserts
// its MASQUERADE rules at the top of nat POSTROUTING whenever it creates a
// network, so a jump that must be seen first is checked for position, not only
// for presence, and moved back ahead when Docker got in front of it.
// Pure: it reads `iptables -t <table> -S <chain>` output.

/** A rule outside our own chains: a jump into one of them from a built-in (or Docker's) chain. */
export interface JumpRule {
  table: 'nat' | 'filter';
  chain: string;
  args: string[];
  /** Must stay ahead of every rule that is not ours, not merely be present. */
  ahead?: boolean;
}

export type JumpPlacement = 'absent' | 'ahead' | 'behind';

/** The chain a rule jumps to (`-j TARGET`), if any. */
export function jumpTarget(args: readonly string[]): string | undefined {
  const i = args.lastIndexOf('-j');
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * 'ahead' when every rule before the jump to `target` is a jump into another
 * chain of `prefix` (two of our jumps may share the top in any order).
 */
export function jumpPlacement(listing: string, chain: string, target: string, prefix: string): JumpPlacement {
  const rules = listing.split('\n').filter((l) => l.startsWith(`-A ${chain} `)).map((l) => jumpTarget(l.split(' ')));
  const index = rules.indexOf(target);
  if (index < 0) return 'absent';
  return rules.slice(0, index).every((t) => t?.startsWith(`${prefix}-`)) ? 'ahead' : 'behind';
}

/** One argument as iptables-restore reads it: quoted when it holds a space. */
export function restoreArg(arg: string): string {
  return /\s/.test(arg) ? `"${arg.replace(/["\\]/g, '')}"` : arg;
}
