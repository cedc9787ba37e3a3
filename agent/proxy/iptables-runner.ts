// The proxy's only door to the packet filter, behind an interface so the sync
// logic can be tested without root.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { jumpPlacement, jumpTarget, restoreArg, type JumpRule } from './jump-placement.js';

const run = promisify(execFile);
/** Wait this long for the xtables lock another program (Docker) may hold. */
const XTABLES_WAIT_SECONDS = '5';
/** iptables -C answers 1 when the rule is absent. */
const RULE_ABSENT_EXIT = 1;

export interface IptablesRunner {
  /** Applies iptables-restore input without flushing tables: only the chains it names change. */
  restore(input: string): Promise<void>;
  /** `iptables -t <table> -S`. */
  list(table: string): Promise<string>;
  /** Inserts the rule at the top of chain unless it is there already. */
  ensureRule(table: string, chain: string, args: readonly string[]): Promise<void>;
}

export class ExecIptablesRunner implements IptablesRunner {
  restore(input: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('iptables-restore', ['--noflush', '-w', XTABLES_WAIT_SECONDS], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`iptables-restore failed (${code}): ${stderr.trim()}`))));
      child.stdin.end(input);
    });
  }

  async list(table: string): Promise<string> {
    const { stdout } = await run('iptables', ['-w', XTABLES_WAIT_SECONDS, '-t', table, '-S']);
    return stdout;
  }

  async ensureRule(table: string, chain: string, args: readonly string[]): Promise<void> {
    try {
      await run('iptables', ['-w', XTABLES_WAIT_SECONDS, '-t', table, '-C', chain, ...args]);
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== RULE_ABSENT_EXIT) throw err;
    }
    await run('iptables', ['-w', XTABLES_WAIT_SECONDS, '-t', table, '-I', chain, '1', ...args]);
  }
}

/**
 * Puts each jump in place: present for most, and ahead of everything not ours
 * for those marked `ahead`. A jump that fell behind moves in one
 * iptables-restore transaction, so it is never missing while it moves.
 */
export async function ensureJumps(iptables: IptablesRunner, jumps: readonly JumpRule[], prefix: string): Promise<void> {
  for (const jump of jumps) {
    if (!jump.ahead) {
      await iptables.ensureRule(jump.table, jump.chain, jump.args);
      continue;
    }
    const placement = jumpPlacement(await iptables.list(jump.table), jump.chain, jumpTarget(jump.args) ?? '', prefix);
    if (placement === 'ahead') continue;
    const rule = jump.args.map(restoreArg).join(' ');
    const remove = placement === 'behind' ? [`-D ${jump.chain} ${rule}`] : [];
    await iptables.restore([`*${jump.table}`, ...remove, `-I ${jump.chain} 1 ${rule}`, 'COMMIT', ''].join('\n'));
  }
}
