import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jumpPlacement, jumpTarget, restoreArg } from './jump-placement.js';

const ours = '-A POSTROUTING -m comment --comment "flotilla postrouting rules" -j FLT-POSTROUTING';
const podNet = '-A POSTROUTING -j FLT-POD-NOMASQ';
const docker = '-A POSTROUTING -s 172.19.0.0/16 ! -o br-8c6825e5612b -j MASQUERADE';

test('a jump is ahead when only our own jumps precede it', () => {
  assert.equal(jumpPlacement(['-P POSTROUTING ACCEPT', podNet, ours, docker].join('\n'), 'POSTROUTING', 'FLT-POSTROUTING', 'FLT'), 'ahead');
  assert.equal(jumpPlacement(['-P POSTROUTING ACCEPT', ours, podNet, docker].join('\n'), 'POSTROUTING', 'FLT-POD-NOMASQ', 'FLT'), 'ahead');
});

test('a jump behind a rule Docker inserted on top is behind; a missing one is absent', () => {
  assert.equal(jumpPlacement([docker, ours].join('\n'), 'POSTROUTING', 'FLT-POSTROUTING', 'FLT'), 'behind');
  assert.equal(jumpPlacement([docker].join('\n'), 'POSTROUTING', 'FLT-POSTROUTING', 'FLT'), 'absent');
  // Another proxy's prefix is not ours.
  assert.equal(jumpPlacement(['-A POSTROUTING -j OTHER-POSTROUTING', ours].join('\n'), 'POSTROUTING', 'FLT-POSTROUTING', 'FLT'), 'behind');
});

test('the jump target and restore quoting', () => {
  assert.equal(jumpTarget(['-m', 'comment', '--comment', 'x', '-j', 'FLT-A']), 'FLT-A');
  assert.equal(jumpTarget(['-s', '10.0.0.0/8']), undefined);
  assert.equal(restoreArg('flotilla postrouting rules'), '"flotilla postrouting rules"');
  assert.equal(restoreArg('--comment'), '--comment');
});
