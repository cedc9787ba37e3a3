import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsFileContent } from './hosts-file.js';

test('hosts file holds the pod name on its IP and the aliases', () => {
  const text = hostsFileContent({
    podIP: '172.18.0.4',
    hostname: 'web',
    hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }],
  });
  assert.match(text, /^127\.0\.0\.1\tlocalhost$/m);
  assert.match(text, /^172\.18\.0\.4\tweb$/m);
  assert.match(text, /^10\.1\.2\.3\tfoo\.local\tbar\.local$/m);
});

test('hostNetwork pods keep the host file and get the aliases appended', () => {
  const text = hostsFileContent({ podIP: '', hostname: 'h', hostFile: '127.0.0.1 localhost\n', hostAliases: [{ ip: '1.2.3.4', hostnames: ['x'] }] });
  assert.equal(text, '127.0.0.1 localhost\n\n# Entries added by HostAliases.\n1.2.3.4\tx\n');
});
