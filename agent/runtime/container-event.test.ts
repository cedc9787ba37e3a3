import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABEL_POD_UID, LABEL_SANDBOX_POOL } from '../labels.js';
import { parseContainerEvent } from './container-event.js';

const ID = 'a'.repeat(64);

describe('container events from the engine stream', () => {
  it("reads the container and its pod's uid label", () => {
    const line = JSON.stringify({ status: 'die', id: ID, Actor: { ID, Attributes: { [LABEL_POD_UID]: 'uid-1', name: 'fl_app_web' } } });
    assert.deepEqual(parseContainerEvent(line), { containerId: ID, podUid: 'uid-1' });
  });

  it('reads the pod of a claimed pool sandbox from its name', () => {
    const line = JSON.stringify({ id: ID, Actor: { ID, Attributes: { [LABEL_SANDBOX_POOL]: 'true', name: 'fl_POD_web_default_uid-2_0' } } });
    assert.equal(parseContainerEvent(line)?.podUid, 'uid-2');
  });

  it('reports a container of no pod, and nothing for a partial or foreign line', () => {
    assert.deepEqual(parseContainerEvent(JSON.stringify({ id: ID })), { containerId: ID });
    assert.equal(parseContainerEvent('{"id":"abc'), undefined);
    assert.equal(parseContainerEvent(JSON.stringify({ Type: 'network' })), undefined);
  });
});
