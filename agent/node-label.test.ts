import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_NODE_LABEL } from '../testkit/processes/agent-process.js';
import { LABEL_NODE } from './labels.js';

// testkit cleans up a test agent's containers and networks by this label
// without importing the agent, so the two spellings must not drift apart.
test("testkit finds a test agent's Docker objects by the agent's own node label", () => {
  assert.equal(AGENT_NODE_LABEL, LABEL_NODE);
});
