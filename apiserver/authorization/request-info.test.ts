import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAttributes } from './request-info.js';

const USER = { name: 'jane', uid: '', groups: [] };
const attrs = (method: string, target: string) => requestAttributes(method, new URL(`https://apiserver${target}`), USER);
const brief = (method: string, target: string) => {
  const a = attrs(method, target);
  return a.kind === 'resource' ? [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name].join('|') : `${a.verb} ${a.path}`;
};

test('GET of a collection is list, or watch with watch=true; of an object get', () => {
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods'), 'list||pods||default|');
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods?watch=true'), 'watch||pods||default|');
  assert.equal(brief('GET', '/api/v1/watch/namespaces/default/pods'), 'watch||pods||default|');
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods/web'), 'get||pods||default|web');
  assert.equal(brief('GET', '/api/v1/pods'), 'list||pods|||');
  assert.equal(brief('HEAD', '/api/v1/nodes/n1'), 'get||nodes|||n1');
});

test('a metadata.name field selector names the object of a list or watch', () => {
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=1'), 'watch||pods||default|web');
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name!%3Dweb'), 'list||pods||default|');
});

test('methods map to verbs; DELETE of a collection is deletecollection', () => {
  assert.equal(brief('POST', '/apis/apps/v1/namespaces/ns1/deployments'), 'create|apps|deployments||ns1|');
  assert.equal(brief('PUT', '/apis/apps/v1/namespaces/ns1/deployments/web/scale'), 'update|apps|deployments|scale|ns1|web');
  assert.equal(brief('PATCH', '/apis/apps/v1/namespaces/ns1/deployments/web'), 'patch|apps|deployments||ns1|web');
  assert.equal(brief('DELETE', '/apis/apps/v1/namespaces/ns1/deployments/web'), 'delete|apps|deployments||ns1|web');
  assert.equal(brief('DELETE', '/api/v1/namespaces/ns1/pods'), 'deletecollection||pods||ns1|');
});

test('a namespace is its own namespace, and status and finalize are its subresources', () => {
  assert.equal(brief('GET', '/api/v1/namespaces/team'), 'get||namespaces||team|team');
  assert.equal(brief('PUT', '/api/v1/namespaces/team/finalize'), 'update||namespaces|finalize|team|team');
  assert.equal(brief('GET', '/api/v1/namespaces'), 'list||namespaces|||');
  assert.equal(brief('GET', '/api/v1/namespaces/default/pods/web/log'), 'get||pods|log|default|web');
});

test('paths outside /api/<v> and /apis/<g>/<v> are non-resource, with the method as verb', () => {
  assert.equal(brief('GET', '/healthz'), 'get /healthz');
  assert.equal(brief('GET', '/api'), 'get /api');
  assert.equal(brief('GET', '/api/v1'), 'get /api/v1');
  assert.equal(brief('GET', '/apis/apps/v1'), 'get /apis/apps/v1');
  assert.equal(brief('POST', '/openapi/v3'), 'post /openapi/v3');
});
