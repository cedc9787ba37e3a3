// flotctl token create|list: bootstrap tokens for joining nodes, as
// `kubeadm token create` and `kubeadm token list`.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { BOOTSTRAP_TOKEN_NAMESPACE, SECRET_TYPE_BOOTSTRAP_TOKEN, parseBootstrapToken } from '../../api/bootstrap-token/bootstrap-token.js';
import { resources } from '../../api/resources.js';
import { caCertHash, generateToken, TOKEN_LIST_HEADER, tokenRow, tokenSecret } from '../bootstrap-token/token-secret.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { parseDuration } from '../flags.js';
import { alignTabs, TABLE_LAYOUT } from '../tabwriter.js';

/** kubeadm's default token lifetime. */
const DEFAULT_TTL = '24h';
/** The HTTPS port kubeadm clusters and deploy/up.sh serve the Kubernetes API on. */
const DEFAULT_SECURE_PORT = 6443;

export interface TokenCreateOptions {
  ttl: string;
  description?: string;
  printJoinCommand?: boolean;
  caCert?: string;
  serverUrl?: string;
}

/** https://<host of the gRPC address>:6443 unless given. */
function joinServer(ctx: CliContext, given: string | undefined): string {
  if (given) return given;
  const host = ctx.server.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
  return `https://${host}:${DEFAULT_SECURE_PORT}`;
}

export async function runTokenCreate(ctx: CliContext, given: string | undefined, opts: TokenCreateOptions): Promise<void> {
  let token = generateToken();
  if (given !== undefined) {
    const parsed = parseBootstrapToken(given);
    if (!parsed) throw new CliError(`the bootstrap token "${given}" was not of the form "[a-z0-9]{6}.[a-z0-9]{16}"`);
    token = parsed;
  }
  if (opts.printJoinCommand && !opts.caCert) throw new CliError('--print-join-command needs --ca-cert FILE: the cluster CA whose hash joining nodes pin');
  const hash = opts.caCert ? caCertHash(await readFile(opts.caCert, 'utf8')) : undefined;
  const secret = tokenSecret({ ...token, ttlMs: parseDuration(opts.ttl), description: opts.description, nowMs: Date.now() });
  await ctx.client.create(resources.secrets, secret);
  const text = `${token.id}.${token.secret}`;
  if (opts.printJoinCommand) ctx.out(`deploy/join.sh --server ${joinServer(ctx, opts.serverUrl)} --token ${text} --ca-cert-hash ${hash}\n`);
  else ctx.out(`${text}\n`);
}

export async function runTokenList(ctx: CliContext): Promise<void> {
  const list = await ctx.client.list(resources.secrets, { namespace: BOOTSTRAP_TOKEN_NAMESPACE, fieldSelector: `type=${SECRET_TYPE_BOOTSTRAP_TOKEN}` });
  const now = Date.now();
  const rows = list.items.map((s) => tokenRow(s, now)).filter((r): r is string[] => r !== undefined);
  if (rows.length === 0) return;
  ctx.out(alignTabs([TOKEN_LIST_HEADER, ...rows].map((r) => `${r.join('\t')}\n`).join(''), TABLE_LAYOUT));
}

const EXAMPLES = `
Examples:
  # A token for joining a node, valid 24 hours
  flotctl token create

  # The whole join command, with the CA pinned by hash
  flotctl token create --print-join-command --ca-cert .flotilla/pki/ca.crt

  # Every bootstrap token and when it expires
  flotctl token list
`;

export function tokenCommand(program: Command, run: CommandRunner): Command {
  const token = program.command('token').description('Manage bootstrap tokens for joining nodes').addHelpText('after', EXAMPLES);
  token
    .command('create')
    .description('Create a bootstrap token and print it (id.secret)')
    .argument('[token]', 'the token to create, [a-z0-9]{6}.[a-z0-9]{16}; random when left out')
    .option('--ttl <duration>', 'how long the token is valid (0: forever)', DEFAULT_TTL)
    .option('--description <text>', 'a human-friendly note of what the token is for')
    .option('--print-join-command', 'print the whole deploy/join.sh command instead of the token')
    .option('--ca-cert <file>', 'the cluster CA certificate (PEM) whose hash the join command pins')
    .option('--server-url <url>', 'the HTTPS address joining nodes reach the apiserver at (default: https://<server host>:6443)')
    .action(async (given: string | undefined, opts: TokenCreateOptions, cmd: Command) => {
      await run(cmd, (ctx) => runTokenCreate(ctx, given, opts));
    });
  token
    .command('list')
    .description('List bootstrap tokens')
    .action(async (_opts: unknown, cmd: Command) => {
      await run(cmd, (ctx) => runTokenList(ctx));
    });
  return token;
}
