import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gone } from '../../api/errors.js';
import { parseLabelSelector } from '../../api/labels/label-selector.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { ObjectChange } from './object-change.js';
import { eventFor, type OutgoingEvent, type WatchFilter } from './watch-filter.js';
import { WatchSession } from './watch-session.js';

const PODS = findResource('pods') as ResourceInfo;

function podAt(rv: number, labels: Record<string, string>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace, labels, resourceVersion: String(rv) } };
}

const webOnly: WatchFilter = { info: PODS, namespace: 'default', labels: parseLabelSelector('app=web') };

function typeOf(ev: OutgoingEvent | undefined): string | undefined {
  return ev?.type;
}

describe('eventFor', () => {
  it('maps etcd puts and deletes to ADDED, MODIFIED and DELETED', () => {
    const all: WatchFilter = { info: PODS, namespace: '' };
    assert.equal(typeOf(eventFor(all, new ObjectChange('put', 5, podAt(5, {}), undefined))), 'ADDED');
    assert.equal(typeOf(eventFor(all, new ObjectChange('put', 6, podAt(6, {}), podAt(5, {})))), 'MODIFIED');
    const deleted = eventFor(all, new ObjectChange('delete', 7, undefined, podAt(6, { last: 'state' })));
    assert.equal(deleted?.type, 'DELETED');
    const obj = JSON.parse(deleted?.objectJson ?? '{}') as KubeObject;
    assert.equal(obj.metadata.resourceVersion, '7', 'DELETED carries the delete revision');
    assert.deepEqual(obj.metadata.labels, { last: 'state' });
  });

  it('turns selector transitions into ADDED and DELETED', () => {
    assert.equal(typeOf(eventFor(webOnly, new ObjectChange('put', 6, podAt(6, { app: 'web' }), podAt(5, { app: 'db' })))), 'ADDED');
    const leaving = eventFor(webOnly, new ObjectChange('put', 7, podAt(7, { app: 'db' }), podAt(6, { app: 'web' })));
    assert.equal(leaving?.type, 'DELETED');
    const last = JSON.parse(leaving?.objectJson ?? '{}') as KubeObject;
    assert.deepEqual(last.metadata.labels, { app: 'web' }, 'the last matching state');
    assert.equal(last.metadata.resourceVersion, '7');
    assert.equal(eventFor(webOnly, new ObjectChange('put', 8, podAt(8, { app: 'db' }), podAt(7, { app: 'db' }))), undefined);
    assert.equal(eventFor(webOnly, new ObjectChange('delete', 9, undefined, podAt(8, { app: 'db' }))), undefined);
  });

  it('filters by namespace', () => {
    assert.equal(eventFor(webOnly, new ObjectChange('put', 5, podAt(5, { app: 'web' }, 'other'), undefined)), undefined);
  });
});

describe('WatchSession', () => {
  function recorder(): { sent: OutgoingEvent[]; failed: Error[]; closed: number; output: ConstructorParameters<typeof WatchSession>[2] } {
    const state = { sent: [] as OutgoingEvent[], failed: [] as Error[], closed: 0 };
    return {
      ...state,
      output: {
        send: (ev) => state.sent.push(ev),
        fail: (err) => state.failed.push(err),
        close: () => state.closed++,
      },
      get sent() {
        return state.sent;
      },
      get failed() {
        return state.failed;
      },
      get closed() {
        return state.closed;
      },
    };
  }

  it('drops changes at or before its starting revision', () => {
    const r = recorder();
    const session = new WatchSession({ info: PODS, namespace: '' }, 10, r.output);
    session.deliver(new ObjectChange('put', 9, podAt(9, {}), undefined));
    session.deliver(new ObjectChange('put', 10, podAt(10, {}), undefined));
    session.deliver(new ObjectChange('put', 11, podAt(11, {}), undefined));
    assert.deepEqual(r.sent.map((e) => e.type), ['ADDED']);
  });

  it('sends bookmarks with the latest revision it knows', () => {
    const r = recorder();
    const session = new WatchSession({ info: PODS, namespace: '' }, 10, r.output);
    session.attach({ currentRevision: () => 15 }, () => {}, 0);
    session.bookmark();
    assert.deepEqual(JSON.parse(r.sent[0].objectJson), { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '15' } });
  });

  it('cleans up once and reports how it ended', () => {
    const r = recorder();
    let detached = 0;
    const session = new WatchSession({ info: PODS, namespace: '' }, 0, r.output);
    session.attach({ currentRevision: () => 0 }, () => detached++, 0);
    session.end(gone('too old resource version: 1 (5)'));
    session.end();
    session.cancel();
    assert.equal(detached, 1);
    assert.equal(r.failed.length, 1);
    assert.equal(r.closed, 0);
    session.deliver(new ObjectChange('put', 11, podAt(11, {}), undefined));
    assert.equal(r.sent.length, 0);
  });
});
