// EventRecorder against a real apiserver: events land in the object's
// namespace (or default), and repeats grow one event's count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Namespace, Pod } from '../../api/types/index.js';
import { startControlPlane, type TestControlPlane } from '../../testkit/processes/control-plane.js';
import { ApiClient } from '../api-client.js';
import { EventRecorder } from '../event-recorder.js';
import { testPod } from '../../testkit/objects/pods.js';
import { resources } from '../../api/resources.js';

describe('EventRecorder against a real apiserver', { timeout: 60_000 }, () => {
  let cp: TestControlPlane;
  let client: ApiClient;

  before(async () => {
    cp = await startControlPlane();
    client = new ApiClient(cp.apiserver.address);
  });

  after(async () => {
    client?.close();
    await cp?.stop();
  });

  it('aggregates repeats into one event whose count grows', async () => {
    const pod = await client.create<Pod>(resources.pods, testPod('noisy', 'default'));
    const recorder = new EventRecorder(client, { component: 'test-agent', host: 'host-1' });
    for (let i = 0; i < 4; i++) recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container main');
    recorder.event(pod, 'Normal', 'Pulled', 'Container image "busybox:1.36" already present on machine');
    await recorder.flush();

    const list = await client.list<Event>(resources.events, { namespace: 'default' });
    const about = list.items.filter((e) => e.involvedObject?.name === 'noisy');
    assert.equal(about.length, 2);
    const backOff = about.find((e) => e.reason === 'BackOff');
    assert.equal(backOff?.count, 4);
    assert.equal(backOff?.type, 'Warning');
    assert.equal(backOff?.involvedObject.uid, pod.metadata.uid);
    assert.equal(backOff?.involvedObject.kind, 'Pod');
    assert.deepEqual(backOff?.source, { component: 'test-agent', host: 'host-1' });
    assert.ok(backOff?.firstTimestamp && backOff.lastTimestamp && backOff.lastTimestamp >= backOff.firstTimestamp);
    assert.equal(about.find((e) => e.reason === 'Pulled')?.count, 1);

    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container main');
    await recorder.flush();
    const again = await client.get<Event>(resources.events, 'default', backOff?.metadata.name ?? '');
    assert.equal(again.count, 5);
  });

  it('files events about cluster-scoped objects under default', async () => {
    const ns = await client.get<Namespace>(resources.namespaces, '', 'kube-system');
    const recorder = new EventRecorder(client, { component: 'test-controller' });
    recorder.event(ns, 'Normal', 'Checked', 'namespace looked at');
    await recorder.flush();
    const list = await client.list<Event>(resources.events, { namespace: 'default' });
    const e = list.items.find((x) => x.reason === 'Checked');
    assert.ok(e, 'event written');
    assert.equal(e.involvedObject.kind, 'Namespace');
    assert.equal(e.involvedObject.name, 'kube-system');
    assert.equal(e.involvedObject.namespace, undefined);
  });
});
