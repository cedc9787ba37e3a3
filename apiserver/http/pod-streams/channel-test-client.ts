// A WebSocket client of the channel protocols (exec, attach, port-forward), as
// kubectl and client-node speak them, for the pod stream tests.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';

export interface Frame {
  channel: number;
  text: string;
}

export interface ExecClient {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<number>;
}

export async function openExec(url: string, protocols: string[]): Promise<ExecClient> {
  const ws = new WebSocket(url, protocols);
  const frames: Frame[] = [];
  ws.on('message', (data: Buffer) => frames.push({ channel: data[0], text: data.subarray(1).toString() }));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await once(ws, 'open');
  return { ws, frames, closed };
}

/** The refusal of an upgrade: status code and the Status body. */
export async function refusal(url: string, protocols: string[]): Promise<{ code: number; body: { reason: string; message: string } }> {
  const ws = new WebSocket(url, protocols);
  // Ending a refused client emits 'closed before the connection was established'; that is the point here.
  ws.on('error', () => undefined);
  const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  ws.terminate();
  return { code: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as { reason: string; message: string } };
}

export const V5 = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
export const V4_CLIENT_NODE = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
