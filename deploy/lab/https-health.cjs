#!/usr/bin/node
// The lab's health checks: lab-https-health URL [CERT KEY]. Exits 0 when URL
// answers 200 over TLS verified against the cluster CA, presenting CERT/KEY
// when given (etcd asks every client for one). A CommonJS file, as it runs
// from /usr/local/bin with no package.json beside it.
'use strict';
const https = require('node:https');
const fs = require('node:fs');

const CA_FILE = '/etc/flotilla/pki/ca.crt';
const TIMEOUT_MS = 1500;

const [url, cert, key] = process.argv.slice(2);
if (!url) {
  console.error('usage: lab-https-health URL [CERT KEY]');
  process.exit(2);
}
const options = { ca: fs.readFileSync(CA_FILE), timeout: TIMEOUT_MS };
if (cert && key) Object.assign(options, { cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
const request = https.get(url, options, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
request.on('error', (err) => {
  console.error(`${url}: ${err.message}`);
  process.exit(1);
});
