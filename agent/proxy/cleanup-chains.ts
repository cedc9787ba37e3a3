// Removes every iptables rule and chain of one proxy chain prefix, as
// `kube-proxy --cleanup` does: a stopped cluster (deploy/down.sh) or a test
// that ran a node proxy leaves the host's packet filter as it found it. A
// running agent never calls this; its rules outlive a restart on purpose.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TABLES = ['nat', 'filter'] as const;

export async function removeProxyChains(prefix: string): Promise<void> {
  const owned = (name: string): boolean => name.startsWith(`${prefix}-`);
  for (const table of TABLES) {
    const { stdout } = await run('iptables', ['-w', '5', '-t', table, '-S']);
    const lines = stdout.split('\n');
    // Jumps from built-in chains first, then our chains' contents, then the chains.
    for (const line of lines.filter((l) => l.startsWith('-A ') && !owned(l.split(' ')[1] ?? '') && l.includes(`-j ${prefix}-`))) {
      await run('iptables', ['-w', '5', '-t', table, '-D', ...splitRule(line.slice(3))]).catch(() => undefined);
    }
    const chains = lines.filter((l) => l.startsWith('-N ')).map((l) => l.slice(3).trim()).filter(owned);
    for (const chain of chains) await run('iptables', ['-w', '5', '-t', table, '-F', chain]).catch(() => undefined);
    for (const chain of chains) await run('iptables', ['-w', '5', '-t', table, '-X', chain]).catch(() => undefined);
  }
}

/** Splits an `iptables -S` rule into arguments, keeping quoted comments whole. */
function splitRule(rule: string): string[] {
  return (rule.match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ''));
}
