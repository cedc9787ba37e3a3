import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, auditsVerb, GRPC_ANONYMOUS, type AuditRecord } from './audit-log.js';

const AT = Date.parse('2026-03-04T05:06:07Z');

function record(verb: string): AuditRecord {
  return {
    verb,
    user: { name: 'jane', uid: 'j-1', groups: ['dev', 'system:authenticated'] },
    resource: 'pods',
    apiGroup: '',
    apiVersion: 'v1',
    namespace: 'shop',
    name: 'web',
    code: 201,
    requestURI: '/api/v1/namespaces/shop/pods',
    sourceIP: '127.0.0.1',
    receivedMs: AT,
  };
}

describe('audit log', () => {
  it('None logs nothing, Metadata only writes, Request every verb', () => {
    assert.equal(auditsVerb('None', 'create'), false);
    assert.equal(auditsVerb('Metadata', 'create'), true);
    assert.equal(auditsVerb('Metadata', 'deletecollection'), true);
    assert.equal(auditsVerb('Metadata', 'get'), false);
    assert.equal(auditsVerb('Request', 'watch'), true);
  });

  it('writes one audit.k8s.io/v1 Event per line, flushed on close, appending to what is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-test-'));
    try {
      const path = join(dir, 'audit.log');
      for (let run = 0; run < 2; run++) {
        const log = new AuditLog(path, 'Metadata', () => AT + 5);
        log.record(record('create'));
        log.record(record('list'));
        log.record({ ...record('delete'), user: GRPC_ANONYMOUS, code: 404 });
        await log.close();
      }
      const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 4);
      const { auditID, ...first } = lines[0];
      assert.match(String(auditID), /^[0-9a-f-]{36}$/);
      assert.deepEqual(first, {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/shop/pods',
        verb: 'create',
        user: { username: 'jane', uid: 'j-1', groups: ['dev', 'system:authenticated'] },
        sourceIPs: ['127.0.0.1'],
        objectRef: { resource: 'pods', namespace: 'shop', name: 'web', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 201 },
        requestReceivedTimestamp: '2026-03-04T05:06:07.000Z',
        stageTimestamp: '2026-03-04T05:06:07.005Z',
      });
      assert.deepEqual(lines[1].user, { username: 'system:anonymous', groups: ['system:unauthenticated'] });
      assert.equal((lines[1].responseStatus as { code: number }).code, 404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
