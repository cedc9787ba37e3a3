import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createErrors, podFixture } from '../kinds/fixtures.js';
import type { Pod, Volume } from '../types/index.js';

function volumeErrors(volumes: Volume[]): string[] {
  const pod = podFixture() as Pod;
  pod.spec.volumes = volumes;
  return createErrors(pod);
}

describe('pod spec: downwardAPI and projected volumes', () => {
  it('accepts a projection of a configMap, a secret, downward files and a token', () => {
    const errs = volumeErrors([
      {
        name: 'all-in-one',
        projected: {
          defaultMode: 0o440,
          sources: [
            { configMap: { name: 'app', items: [{ key: 'conf', path: 'app/conf' }], optional: true } },
            { secret: { name: 'db', items: [{ key: 'password', path: 'db/password', mode: 0o400 }] } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu', divisor: '1m' } }] } },
            { serviceAccountToken: { path: 'token', audience: 'vault' } },
          ],
        },
      },
      { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'team', fieldRef: { fieldPath: "metadata.labels['team']" } }] } },
    ]);
    assert.deepEqual(errs, []);
  });

  it('names each bad field of a projected volume', () => {
    const errs = volumeErrors([
      {
        name: 'bad',
        projected: {
          defaultMode: 0o1000,
          sources: [
            {},
            { configMap: { name: 'a' }, secret: { name: 'b' } },
            { secret: { items: [{ key: 'k', path: 'same' }] } },
            { configMap: { name: 'c', items: [{ key: 'k', path: 'same' }, { key: 'j', path: 'sub/../up' }] } },
            { downwardAPI: { items: [{ path: 'node', fieldRef: { fieldPath: 'spec.nodeName' } }, { path: 'none' }] } },
            { serviceAccountToken: { path: '', expirationSeconds: 60 } },
          ],
        },
      },
    ]);
    assert.deepEqual(errs, [
      'spec.volumes[0].projected.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[0].projected.sources[0]: Required value: must specify exactly 1 volume type',
      'spec.volumes[0].projected.sources[1].configMap: Forbidden: may not specify more than 1 volume type per source',
      'spec.volumes[0].projected.sources[2].secret.name: Required value',
      'spec.volumes[0].projected.sources[3].configMap.items[1].path: Invalid value: "sub/../up": must not contain \'..\'',
      'spec.volumes[0].projected.sources[3].configMap.items[0].path: Invalid value: "same": conflicting duplicate paths',
      'spec.volumes[0].projected.sources[4].downwardAPI.items[0].fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
      'spec.volumes[0].projected.sources[4].downwardAPI.items[1]: Required value: one of fieldRef and resourceFieldRef is required',
      'spec.volumes[0].projected.sources[5].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.volumes[0].projected.sources[5].serviceAccountToken.path: Required value',
    ]);
  });

  it('checks downwardAPI volume files', () => {
    const errs = volumeErrors([{ name: 'info', downwardAPI: { items: [{ path: '/abs', fieldRef: { fieldPath: 'status.podIP' } }] } }]);
    assert.deepEqual(errs, [
      'spec.volumes[0].downwardAPI.items[0].path: Invalid value: "/abs": must be a relative path',
      'spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath: Unsupported value: "status.podIP": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
    ]);
  });
});
