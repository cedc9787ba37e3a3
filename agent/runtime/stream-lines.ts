// The engine's event stream is one JSON object a line, cut into chunks
// anywhere: each reader of it gets whole lines, a partial one held until its
// end arrives.
import type { Readable } from 'node:stream';

export function onLines(stream: Readable, each: (line: string) => void): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    partial = text.slice(end);
    for (const line of text.slice(0, end).split('\n')) if (line.trim()) each(line);
  });
}
