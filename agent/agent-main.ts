// The agent process once its memory settings are made (main.ts): options,
// start, and a clean stop on the shutdown signals.
import { parseOrExit } from '../client/command-line.js';
import { createLogger } from '../client/logger.js';
import { installProcessGuard } from '../client/process-guard.js';
import { exitOnShutdownSignal } from '../client/shutdown-signals.js';
import { Agent } from './agent.js';
import { parseAgentOptions } from './agent-options.js';
import { removeProxyChains } from './proxy/cleanup-chains.js';

const logger = createLogger('agent');
installProcessGuard(logger);

async function main(): Promise<void> {
  const opts = parseOrExit(parseAgentOptions);
  if (opts.cleanupProxy) {
    await removeProxyChains(opts.proxyChainPrefix);
    logger.info({ prefix: opts.proxyChainPrefix }, 'removed the proxy chains');
    return;
  }
  let agent: Agent | undefined;
  const shutdown = exitOnShutdownSignal(logger, { stopping: 'stopping; pods keep running', failed: 'stop failed' }, async () => {
    await agent?.stop();
  });
  agent = await Agent.start(opts, logger);
  if (shutdown.requested) await agent.stop();
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'agent failed to start');
  process.exit(1);
});
