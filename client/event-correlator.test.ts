import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectReference } from '../api/types/index.js';
import {
  COMBINED_MESSAGE_PREFIX,
  EVENT_AGGREGATION_WINDOW_MS,
  EventCorrelator,
  SIMILAR_EVENTS_THRESHOLD,
  SPAM_BURST,
  SPAM_REFILL_INTERVAL_MS,
  type EventInput,
} from './event-correlator.js';

const pod: ObjectReference = { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'prod', uid: 'u-1' };

function correlator() {
  const clock = { ms: 1_700_000_000_000 };
  let serial = 0;
  const c = new EventCorrelator({ name: (o) => `${o.name}.${++serial}`, namespace: (o) => o.namespace ?? 'default' }, () => clock.ms);
  return { c, clock };
}

const input = (message: string, reason = 'BackOff', involved = pod): EventInput => ({
  source: { component: 'kubelet', host: 'n1' },
  involved,
  type: 'Warning',
  reason,
  message,
});

describe('EventCorrelator', () => {
  it('creates the first event and bumps exact repeats within the window', () => {
    const { c, clock } = correlator();
    const first = c.correlate(input('crashed'));
    assert.deepEqual([first?.op, first?.count, first?.name], ['create', 1, 'web-1.1']);
    clock.ms += 1_000;
    const again = c.correlate(input('crashed'));
    assert.deepEqual([again?.op, again?.count, again?.name, again?.firstTimestampMs], ['bump', 2, 'web-1.1', first?.firstTimestampMs]);
    clock.ms += EVENT_AGGREGATION_WINDOW_MS + 1;
    assert.deepEqual([c.correlate(input('crashed'))?.op, c.correlate(input('crashed'))?.name], ['create', 'web-1.2']);
  });

  it(`combines similar events once ${SIMILAR_EVENTS_THRESHOLD} different messages came within the window`, () => {
    const { c } = correlator();
    const results = Array.from({ length: SIMILAR_EVENTS_THRESHOLD + 3 }, (_, i) => c.correlate(input(`attempt ${i} failed`)));
    const plain = results.slice(0, SIMILAR_EVENTS_THRESHOLD - 1);
    assert.ok(plain.every((r) => r?.op === 'create' && !r.message.startsWith(COMBINED_MESSAGE_PREFIX)));
    const combined = results.slice(SIMILAR_EVENTS_THRESHOLD - 1);
    assert.equal(combined[0]?.op, 'create');
    assert.equal(combined[0]?.message, `${COMBINED_MESSAGE_PREFIX}attempt ${SIMILAR_EVENTS_THRESHOLD - 1} failed`);
    assert.deepEqual(combined.slice(1).map((r) => [r?.op, r?.name]), combined.slice(1).map(() => ['bump', combined[0]?.name]));
    assert.equal(combined.at(-1)?.count, 4);
    assert.equal(c.correlate(input('another reason entirely', 'Failed'))?.op, 'create', 'another reason is another group');
  });

  it(`lets a burst of ${SPAM_BURST} through per source, object and event, then one per refill interval, counting what it dropped`, () => {
    const { c, clock } = correlator();
    const passed = Array.from({ length: SPAM_BURST + 5 }, () => c.correlate(input('crashed'))).filter((r) => r !== undefined);
    assert.equal(passed.length, SPAM_BURST);
    assert.ok(c.correlate(input('crashed', 'BackOff', { ...pod, name: 'web-2', uid: 'u-2' })), 'another object has its own bucket');
    clock.ms += SPAM_REFILL_INTERVAL_MS;
    const next = c.correlate(input('crashed'));
    assert.equal(next?.op, 'bump');
    assert.equal(next?.count, SPAM_BURST + 6, 'the dropped repeats are in the count');
    assert.equal(c.correlate(input('crashed')), undefined, 'one token per interval');
  });
});
