import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTabs, DESCRIBE_LAYOUT, TABLE_LAYOUT } from './tabwriter.js';

test('table layout pads each column to its widest cell plus three, the last column is not padded', () => {
  const text = 'NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\nx\t0/1\tPending\n';
  assert.equal(
    alignTabs(text, TABLE_LAYOUT),
    'NAME    READY   STATUS\n' +
    'web-1   1/1     Running\n' +
    'x       0/1     Pending\n',
  );
});

test('minimum width applies to narrow columns', () => {
  assert.equal(alignTabs('A\tB\nc\td\n', TABLE_LAYOUT), 'A     B\nc     d\n');
});

test('a line without tabs ends the column block', () => {
  const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  app:\n    Image:\tnginx\n    Restart Count:\t0\n';
  assert.equal(
    alignTabs(text, DESCRIBE_LAYOUT),
    'Name:       web\n' +
    'Namespace:  default\n' +
    'Containers:\n' +
    '  app:\n' +
    '    Image:          nginx\n' +
    '    Restart Count:  0\n',
  );
});

test('nested blocks: a second column is aligned only among lines that have it', () => {
  const text = 'a:\tb\tc\nlonger:\tx\nq:\tyy\tz\n';
  // Column 0 spans all three lines; column 1 forms two separate blocks.
  assert.equal(alignTabs(text, DESCRIBE_LAYOUT), 'a:       b  c\nlonger:  x\nq:       yy  z\n');
});

test('empty cells still take the column width; multibyte text counts characters', () => {
  assert.equal(alignTabs('\tcont\nLabels:\tapp=x\n', DESCRIBE_LAYOUT), '         cont\nLabels:  app=x\n');
  assert.equal(alignTabs('é\tx\nab\ty\n', { minWidth: 0, padding: 1 }), 'é  x\nab y\n');
});

test('text without a trailing newline keeps its shape', () => {
  assert.equal(alignTabs('a\tb', TABLE_LAYOUT), 'a     b');
});
