import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { onLines } from './stream-lines.js';

it('hands out whole lines whatever the chunks, holding a partial one until its end comes', async () => {
  const stream = new PassThrough();
  const lines: string[] = [];
  onLines(stream, (line) => lines.push(line));
  stream.write('{"id":"a"}\n{"id"');
  stream.write(':"b"}\n\n{"id":"c"');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(lines, ['{"id":"a"}', '{"id":"b"}']);
  stream.write('}\n');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(lines, ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}']);
});
