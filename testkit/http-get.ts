// One plain HTTP GET on a connection of its own (no keep-alive pool), so each
// request opens a new connection: through a Service, each then passes the
// node proxy's NAT afresh and may reach another endpoint.
import { get } from 'node:http';

/** Resolves the body of a 200; rejects any other status, an error, or no answer within `timeoutMs`. */
export function httpGetBody(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
