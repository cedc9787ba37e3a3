// flotilla-agent: the node agent process. V8 compiles and sizes what the
// agent's modules need while it loads them, so the memory settings are made
// first and the agent itself is imported only afterwards: the same settings
// made once the modules were loaded left an idle agent at about 80 MiB
// instead of 72 (bench/agent-idle.ts).
import './process-footprint.js';

await import('./agent-main.js');
