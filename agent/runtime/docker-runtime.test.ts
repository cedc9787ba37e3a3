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
