import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { DockerRuntime } from './docker-runtime.js';
import { LABEL_CONTAINER_KIND, LABEL_NODE, LABEL_POD_UID, LABEL_SANDBOX_POOL } from '../labels.js';

const NODE = 'n1';

function listed(id: string, name: string, labels: Record<string, string>, state = 'running'): Docker.ContainerInfo {
  return { Id: id, Names: [`/${name}`], Labels: { [LABEL_NODE]: NODE, ...labels }, State: state } as unknown as Docker.ContainerInfo;
}

/** An engine holding two pods' containers, a claimed pool sandbox and a waiting one; it counts its lists. */
function engine(): { docker: Docker; lists: () => number; filters: unknown[] } {
  const containers = [
    listed('a1', 'fl_app_p1', { [LABEL_POD_UID]: 'uid-1', [LABEL_CONTAINER_KIND]: 'app' }),
    listed('s2', 'fl_POD_p2_default_uid-2_0', { [LABEL_SANDBOX_POOL]: NODE, [LABEL_CONTAINER_KIND]: 'sandbox' }),
    listed('w', 'flpool_n1_abc', { [LABEL_SANDBOX_POOL]: NODE, [LABEL_CONTAINER_KIND]: 'sandbox' }),
    listed('a2', 'fl_app_p2', { [LABEL_POD_UID]: 'uid-2', [LABEL_CONTAINER_KIND]: 'app' }, 'exited'),
  ];
  let lists = 0;
  const filters: unknown[] = [];
  const docker = {
    listContainers: async (opts: { filters: unknown }) => {
      lists++;
      filters.push(opts.filters);
      return containers;
    },
  } as unknown as Docker;
  return { docker, lists: () => lists, filters };
}

describe('DockerRuntime listing', () => {
  it('answers the pods of concurrent syncs from one list of the node', async () => {
    const e = engine();
    const runtime = new DockerRuntime(NODE, e.docker);
    const [one, two, none] = await Promise.all([runtime.listSummaries('uid-1'), runtime.listSummaries('uid-2'), runtime.listSummaries('uid-9')]);
    assert.equal(e.lists(), 1);
    assert.deepEqual(e.filters[0], { label: [`${LABEL_NODE}=${NODE}`] });
    assert.deepEqual(one, [{ id: 'a1', podUid: 'uid-1', running: true }]);
    assert.deepEqual(two.map((c) => [c.id, c.running]), [['s2', true], ['a2', false]], 'a claimed pool sandbox counts for its pod');
    assert.deepEqual(none, []);
  });

  it('leaves waiting pool sandboxes out of the whole node, and lists again for a later caller', async () => {
    const e = engine();
    const runtime = new DockerRuntime(NODE, e.docker);
    assert.deepEqual((await runtime.listSummaries()).map((c) => c.id), ['a1', 's2', 'a2']);
    await runtime.listSummaries('uid-1');
    assert.equal(e.lists(), 2);
  });
});

describe('DockerRuntime inspections', () => {
  const ID = 'b'.repeat(64);
  function inspectingEngine(): { docker: Docker; inspections: () => number; events: PassThrough; setState: (s: string) => void } {
    let state = 'running';
    let inspections = 0;
    const events = new PassThrough();
    const info = () => ({
      Id: ID,
      Name: '/fl_app_p1',
      Image: 'sha256:1',
      Created: '2024-01-01T00:00:00Z',
      Config: { Image: 'busybox', Labels: { [LABEL_NODE]: NODE, [LABEL_POD_UID]: 'uid-1', [LABEL_CONTAINER_KIND]: 'app', 'io.flotilla.container-name': 'app', 'io.flotilla.pod-name': 'p1', 'io.flotilla.pod-namespace': 'default', 'io.flotilla.restart-count': '0' } },
      State: { Status: state, ExitCode: 0 },
      NetworkSettings: { Networks: {} },
    });
    const docker = {
      listContainers: async () => [listed(ID, 'fl_app_p1', { [LABEL_POD_UID]: 'uid-1', [LABEL_CONTAINER_KIND]: 'app' }, state)],
      getContainer: () => ({ inspect: async () => (inspections++, info()), start: async () => undefined }),
      getEvents: async () => events,
    } as unknown as Docker;
    return { docker, inspections: () => inspections, events, setState: (s) => (state = s) };
  }

  it("inspects a pod's unchanged containers once while the event stream is open", async () => {
    const e = inspectingEngine();
    const runtime = new DockerRuntime(NODE, e.docker);
    await runtime.podContainers('uid-1');
    await runtime.podContainers('uid-1');
    assert.equal(e.inspections(), 2, 'without an event stream every read inspects');
    await runtime.events(() => undefined);
    await runtime.podContainers('uid-1');
    const [again] = await runtime.podContainers('uid-1');
    assert.equal(e.inspections(), 3);
    assert.equal(again?.state, 'running');
    again!.state = 'exited';
    assert.equal((await runtime.podContainers('uid-1'))[0]?.state, 'running', "a caller's change stays its own");
  });

  it('inspects again after an event, a state change in the list, or its own start', async () => {
    const e = inspectingEngine();
    const runtime = new DockerRuntime(NODE, e.docker);
    await runtime.events(() => undefined);
    await runtime.podContainers('uid-1');
    e.events.write(`{"status":"start","id":"${ID}"}\n`);
    await runtime.podContainers('uid-1');
    assert.equal(e.inspections(), 2);
    e.setState('exited');
    assert.equal((await runtime.podContainers('uid-1'))[0]?.state, 'exited');
    assert.equal(e.inspections(), 3);
    await runtime.start(ID);
    await runtime.podContainers('uid-1');
    assert.equal(e.inspections(), 4);
    e.events.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await runtime.podContainers('uid-1');
    await runtime.podContainers('uid-1');
    assert.equal(e.inspections(), 6, 'a closed event stream ends the reuse');
  });

  it('reads containers by id from their last inspection until an event or its own change drops it', async () => {
    const e = inspectingEngine();
    const runtime = new DockerRuntime(NODE, e.docker);
    await runtime.containersById([ID]);
    await runtime.containersById([ID]);
    assert.equal(e.inspections(), 2, 'without an event stream every read inspects');
    await runtime.events(() => undefined);
    await runtime.podContainers('uid-1');
    assert.equal((await runtime.containersById([ID]))[0]?.state, 'running');
    assert.equal(e.inspections(), 3, 'the sync that listed it inspected it; reading it back costs nothing');
    e.setState('exited');
    e.events.write(`{"status":"die","id":"${ID}"}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await runtime.containersById([ID]))[0]?.state, 'exited');
    await runtime.start(ID);
    await runtime.containersById([ID]);
    assert.equal(e.inspections(), 5);
  });
});
