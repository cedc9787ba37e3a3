// What every command needs: the resolved cluster config, a lazily opened
// client, the namespace to act in, and the output streams.
import type { Command } from 'commander';
import { ApiClient } from '../client/api-client.js';
import { loadClusterConfig, type ClusterConfig } from '../client/cluster-config.js';
import { CliError, formatError } from './cli-error.js';
import type { CliIo } from './io.js';

/** How a command's action gets its context; errors thrown inside are printed and make the exit code 1. */
export type CommandRunner = (cmd: Command, fn: (ctx: CliContext) => Promise<void>) => Promise<void>;

export interface GlobalOptions {
  server?: string;
  config?: string;
  namespace?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  token?: string;
}

export class CliContext {
  readonly io: CliIo;
  private readonly globals: GlobalOptions;
  private loaded: ClusterConfig | undefined;
  private opened: ApiClient | undefined;
  /** Set when a command reports an error but goes on; the process then exits 1. */
  failed = false;
  /** Set by a command whose exit code is not just success or failure (exec: the remote command's). */
  exitCode: number | undefined;

  constructor(globals: GlobalOptions, io: CliIo) {
    this.globals = globals;
    this.io = io;
  }

  get config(): ClusterConfig {
    if (!this.loaded) {
      try {
        const { server, config: configPath, certificateAuthority, clientCertificate, clientKey, token } = this.globals;
        this.loaded = loadClusterConfig({ server, configPath, credentials: { certificateAuthority, clientCertificate, clientKey, token } });
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err));
      }
    }
    return this.loaded;
  }

  get server(): string {
    return this.globals.server ?? this.config.server;
  }

  get client(): ApiClient {
    if (!this.opened) this.opened = new ApiClient(this.server, 'flotctl', this.config.credentials);
    return this.opened;
  }

  /** `-n` when given, else the config file's namespace, else `default`. */
  get namespace(): string {
    return this.globals.namespace || this.config.namespace;
  }

  /** True when the user passed -n, so a manifest naming another namespace is an error. */
  get namespaceExplicit(): boolean {
    return Boolean(this.globals.namespace);
  }

  /** Prints an error kubectl-style and carries on; the exit code becomes 1. */
  report(err: unknown, context = ''): void {
    let server: string;
    try {
      server = this.server;
    } catch {
      server = '<unknown server>';
    }
    this.io.err(`${formatError(err, server, context)}\n`);
    this.failed = true;
  }

  out(text: string): void {
    this.io.out(text);
  }

  err(text: string): void {
    this.io.err(text);
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }
}
