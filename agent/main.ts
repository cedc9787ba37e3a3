// flotilla-agent: the node agent process.
import { createLogger } from '../client/logger.js';
import { Agent } from './agent.js';
import { parseAgentOptions, type AgentOptions } from './agent-options.js';

const logger = createLogger('agent');

function options(): AgentOptions {
  try {
    return parseAgentOptions(process.argv.slice(2));
  } catch (err) {
    // commander has printed the problem (or the help) already.
    process.exit((err as { exitCode?: number }).exitCode ?? 2);
  }
}

async function main(): Promise<void> {
  const opts = options();
  let agent: Agent | undefined;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping; pods keep running');
    (agent?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  agent = await Agent.start(opts, logger);
  if (stopping) await agent.stop();
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'agent failed to start');
  process.exit(1);
});
