// The proxy's only door to the packet filter, behind an interface so the sync
// logic can be tested without root.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

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
