// flotctl join: what `kubeadm join` does for a node's credentials. Finds the
// cluster CA by its pinned hash, checks the apiserver against it, then with
// the bootstrap token asks for a client certificate for system:node:<name>
// and writes ca.crt, node.crt and node.key for the agent.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseBootstrapToken } from '../../api/bootstrap-token/bootstrap-token.js';
import { dns1123SubdomainErrors } from '../../api/validation/names.js';
import { normalizePin } from '../bootstrap-token/ca-pin.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { discoverCa, parseServer, type ServerAddress } from '../join/discovery.js';
import { writeNodeCredentials, type WrittenFiles } from '../join/node-credentials-files.js';
import { newNodeRequest, nodeCsrObject, nodeRequestName, nodeSubject } from '../join/node-request.js';
import { createRequest, waitForCertificate } from '../join/request-certificate.js';

/** The apiserver's gRPC port, which the agent talks to. */
const DEFAULT_GRPC_PORT = '7443';
const DEFAULT_OUT_DIR = join(homedir(), '.flotilla', 'node');

export interface JoinOptions {
  server?: string;
  token?: string;
  caCertHash?: string;
  nodeName?: string;
  out: string;
  grpcPort: string;
}

interface CheckedOptions {
  server: ServerAddress;
  token: string;
  pin: string;
  nodeName: string;
  out: string;
  grpcPort: number;
}

function required(value: string | undefined, flag: string, what: string): string {
  if (!value) throw new CliError(`${flag} is required: ${what}`);
  return value;
}

function checkOptions(opts: JoinOptions): CheckedOptions {
  const server = parseServer(required(opts.server, '--server', 'the apiserver\'s HTTPS address, https://HOST:6443'));
  const token = required(opts.token, '--token', 'a bootstrap token from `flotctl token create`');
  if (!parseBootstrapToken(token)) throw new CliError(`--token "${token.split('.')[0]}...": a bootstrap token is of the form "[a-z0-9]{6}.[a-z0-9]{16}"`);
  const given = required(opts.caCertHash, '--ca-cert-hash', 'sha256:<hex> of the cluster CA\'s public key (flotctl token create --print-join-command prints it)');
  const pin = normalizePin(given);
  if (!pin) throw new CliError(`--ca-cert-hash "${given}" is not sha256: followed by 64 hex digits`);
  const nodeName = required(opts.nodeName, '--node-name', 'the name this node gets');
  const nameErrors = dns1123SubdomainErrors(nodeName);
  if (nameErrors.length > 0) throw new CliError(`--node-name "${nodeName}": ${nameErrors.join('; ')}`);
  const grpcPort = Number(opts.grpcPort);
  if (!Number.isInteger(grpcPort) || grpcPort < 1 || grpcPort > 65535) throw new CliError(`--grpc-port "${opts.grpcPort}" is not a port number`);
  return { server, token, pin, nodeName, out: opts.out, grpcPort };
}

function agentCommand(opts: CheckedOptions, files: WrittenFiles): string {
  const host = opts.server.host.includes(':') ? `[${opts.server.host}]` : opts.server.host;
  return [
    'node dist/agent/main.js',
    `--apiserver ${host}:${opts.grpcPort}`,
    `--node-name ${opts.nodeName}`,
    `--certificate-authority ${files.ca}`,
    `--client-certificate ${files.cert}`,
    `--client-key ${files.key}`,
  ].join(' ');
}

export async function runJoin(ctx: CliContext, given: JoinOptions): Promise<void> {
  const opts = checkOptions(given);
  const caPem = await discoverCa(opts.server, opts.pin);
  ctx.out(`[discovery] ${opts.server.url} presented the CA matching ${opts.pin} and its certificate verifies against it\n`);
  const { keyPem, requestPem } = await newNodeRequest(opts.nodeName);
  const name = nodeRequestName();
  const target = { url: opts.server.url, caPem, token: opts.token };
  await createRequest(target, nodeCsrObject(name, requestPem));
  ctx.out(`[csr] CertificateSigningRequest ${name} for ${nodeSubject(opts.nodeName)} created; waiting for it to be approved and signed\n`);
  const certPem = await waitForCertificate(target, name);
  const files = await writeNodeCredentials(opts.out, { caPem, certPem, keyPem });
  ctx.out(`[csr] ${name} issued\n`);
  ctx.out(`wrote ${files.ca}\nwrote ${files.cert}\nwrote ${files.key} (mode 600)\n`);
  ctx.out(`\nThis node has its credentials. Start the agent with:\n  ${agentCommand(opts, files)}\n`);
}

const EXAMPLES = `
Examples:
  # On the control plane: a token and the whole command
  flotctl token create --print-join-command --ca-cert ~/.flotilla/pki/ca.crt

  # On the new node
  flotctl join --server https://10.0.0.1:6443 --token abcdef.0123456789abcdef \\
    --ca-cert-hash sha256:<64 hex digits> --node-name node-2
`;

export function joinCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('join')
    .description('Get this node a client certificate with a bootstrap token, the cluster CA pinned by hash (as kubeadm join)')
    .option('--server <url>', 'the apiserver\'s HTTPS address, https://HOST:6443')
    .option('--token <token>', 'the bootstrap token, id.secret')
    .option('--ca-cert-hash <sha256:hex>', 'sha256 of the cluster CA\'s SubjectPublicKeyInfo; the server must present that CA')
    .option('--node-name <name>', 'the name of this node (its certificate is for system:node:<name>)')
    .option('--out <dir>', 'where ca.crt, node.crt and node.key are written', DEFAULT_OUT_DIR)
    .option('--grpc-port <port>', 'the apiserver\'s gRPC port, for the agent command printed at the end', DEFAULT_GRPC_PORT)
    .addHelpText('after', EXAMPLES)
    .action(async (opts: JoinOptions, cmd: Command) => {
      await run(cmd, (ctx) => runJoin(ctx, opts));
    });
}
