// Malformed HTTP requests to the Kubernetes HTTP API, whatever the body: wrong
// credentials, content types, paths, verbs, selectors, resourceVersions,
// query values and bodies. Each must get a Kubernetes Status with a 4xx code.

export interface HostileRequest {
  id: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send no bearer token, or this one instead of the admin's. */
  token?: string | null;
  /** The code Kubernetes answers. */
  code: number;
}

/** Kubernetes' request body limit is 3 MiB; one byte more must be refused, not read into memory. */
const OVERSIZED_BYTES = 3 * 1024 * 1024 + 1;

export function hostileRequests(namespace: string): HostileRequest[] {
  const pods = `/api/v1/namespaces/${namespace}/pods`;
  const deployments = `/apis/apps/v1/namespaces/${namespace}/deployments`;
  const json = { 'content-type': 'application/json' };
  const pod = (name: string): string =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
  const requests: HostileRequest[] = [
    { id: 'no-token', method: 'GET', path: pods, token: null, code: 401 },
    { id: 'wrong-token', method: 'GET', path: pods, token: 'nope', code: 401 },
    { id: 'basic-auth', method: 'GET', path: pods, token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, code: 401 },
    { id: 'empty-bearer', method: 'GET', path: pods, token: null, headers: { authorization: 'Bearer ' }, code: 401 },
    { id: 'unknown-group', method: 'GET', path: '/apis/nope.example.com/v1/things', code: 404 },
    { id: 'unknown-version', method: 'GET', path: '/api/v2/pods', code: 404 },
    { id: 'unknown-resource', method: 'GET', path: `/api/v1/namespaces/${namespace}/widgets`, code: 404 },
    { id: 'unknown-subresource', method: 'GET', path: `${pods}/x/nothing`, code: 404 },
    { id: 'too-deep', method: 'GET', path: `${pods}/a/b/c/d/e`, code: 404 },
    { id: 'root-junk', method: 'GET', path: '/%%%', code: 404 },
    { id: 'dot-dot', method: 'GET', path: '/api/v1/namespaces/../../etc/passwd', code: 404 },
    { id: 'missing-pod', method: 'GET', path: `${pods}/does-not-exist`, code: 404 },
    { id: 'post-on-name', method: 'POST', path: `${pods}/x`, headers: json, body: pod('x'), code: 405 },
    { id: 'put-on-collection', method: 'PUT', path: pods, headers: json, body: pod('x'), code: 405 },
    { id: 'patch-on-collection', method: 'PATCH', path: pods, headers: { 'content-type': 'application/merge-patch+json' }, body: '{}', code: 405 },
    { id: 'trace-method', method: 'TRACE', path: pods, code: 405 },
    { id: 'deletecollection-namespaces', method: 'DELETE', path: '/api/v1/namespaces', code: 405 },
    { id: 'broken-json', method: 'POST', path: pods, headers: json, body: '{"apiVersion": "v1", "kind": ', code: 400 },
    { id: 'json-array', method: 'POST', path: pods, headers: json, body: '[1,2,3]', code: 400 },
    { id: 'json-string', method: 'POST', path: pods, headers: json, body: '"pod"', code: 400 },
    { id: 'empty-body', method: 'POST', path: pods, headers: json, body: '', code: 400 },
    { id: 'binary-body', method: 'POST', path: pods, headers: json, body: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]), code: 400 },
    { id: 'protobuf-body', method: 'POST', path: pods, headers: { 'content-type': 'application/vnd.kubernetes.protobuf' }, body: Buffer.from([0x6b, 0x38, 0x73, 0x00]), code: 415 },
    { id: 'yaml-body', method: 'POST', path: pods, headers: { 'content-type': 'application/yaml' }, body: 'kind: Pod\n', code: 415 },
    { id: 'text-body', method: 'POST', path: pods, headers: { 'content-type': 'text/plain' }, body: pod('t'), code: 415 },
    { id: 'oversized-body', method: 'POST', path: pods, headers: json, body: Buffer.alloc(OVERSIZED_BYTES, 0x20), code: 413 },
    { id: 'wrong-kind-for-path', method: 'POST', path: deployments, headers: json, body: pod('k'), code: 400 },
    { id: 'name-mismatch-put', method: 'PUT', path: `${pods}/other`, headers: json, body: pod('one'), code: 400 },
    { id: 'namespace-mismatch', method: 'POST', path: pods, headers: json, body: JSON.stringify({ ...JSON.parse(pod('ns')), metadata: { name: 'ns', namespace: 'elsewhere' } }), code: 400 },
    { id: 'patch-unknown-type', method: 'PATCH', path: `${pods}/x`, headers: { 'content-type': 'application/xml' }, body: '<x/>', code: 415 },
    { id: 'apply-without-field-manager', method: 'PATCH', path: `${pods}/x`, headers: { 'content-type': 'application/apply-patch+yaml' }, body: 'kind: Pod', code: 422 },
    { id: 'apply-broken-yaml', method: 'PATCH', path: `${pods}/x?fieldManager=fuzz`, headers: { 'content-type': 'application/apply-patch+yaml' }, body: 'kind: [Pod', code: 400 },
    { id: 'json-patch-not-array', method: 'PATCH', path: `${pods}/x`, headers: { 'content-type': 'application/json-patch+json' }, body: '{"op":"add"}', code: 404 },
    { id: 'merge-patch-broken', method: 'PATCH', path: `${pods}/x`, headers: { 'content-type': 'application/merge-patch+json' }, body: '{"spec":', code: 400 },
    { id: 'bad-label-selector', method: 'GET', path: `${pods}?labelSelector=${encodeURIComponent('a in (')}`, code: 400 },
    { id: 'bad-label-key', method: 'GET', path: `${pods}?labelSelector=${encodeURIComponent('-bad-=x')}`, code: 400 },
    { id: 'bad-field-selector', method: 'GET', path: `${pods}?fieldSelector=${encodeURIComponent('spec.nothing=x')}`, code: 400 },
    { id: 'bad-field-escape', method: 'GET', path: `${pods}?fieldSelector=${encodeURIComponent('metadata.name=a\\b')}`, code: 400 },
    { id: 'bad-resource-version-watch', method: 'GET', path: `${pods}?watch=1&resourceVersion=abc`, code: 400 },
    { id: 'negative-timeout', method: 'GET', path: `${pods}?watch=1&timeoutSeconds=-1`, code: 400 },
    { id: 'bad-field-validation', method: 'POST', path: `${pods}?fieldValidation=Bogus`, headers: json, body: pod('fv'), code: 400 },
    { id: 'strict-unknown-field', method: 'POST', path: `${pods}?fieldValidation=Strict`, headers: json, body: JSON.stringify({ ...JSON.parse(pod('strict')), spek: {} }), code: 400 },
    { id: 'protobuf-only-accept', method: 'GET', path: pods, headers: { accept: 'application/vnd.kubernetes.protobuf' }, code: 406 },
    { id: 'invalid-pod', method: 'POST', path: pods, headers: json, body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: {} }), code: 422 },
    { id: 'bad-delete-options', method: 'DELETE', path: `${pods}/x`, headers: json, body: '{"gracePeriodSeconds":', code: 400 },
    { id: 'bad-propagation', method: 'DELETE', path: `${pods}/x?propagationPolicy=Sideways`, code: 400 },
    { id: 'scale-missing', method: 'GET', path: `${deployments}/none/scale`, code: 404 },
    { id: 'scale-on-pods', method: 'GET', path: `${pods}/x/scale`, code: 404 },
    { id: 'scale-negative', method: 'PUT', path: `${deployments}/none/scale`, headers: json, body: '{"spec":{"replicas":-1}}', code: 404 },
    { id: 'binding-on-deployment', method: 'POST', path: `${deployments}/x/binding`, headers: json, body: '{}', code: 404 },
    { id: 'binding-missing-pod', method: 'POST', path: `${pods}/none/binding`, headers: json, body: '{"target":{"kind":"Node","name":"n"}}', code: 404 },
    { id: 'log-missing-pod', method: 'GET', path: `${pods}/none/log`, code: 404 },
    { id: 'log-bad-tail', method: 'GET', path: `${pods}/none/log?tailLines=abc`, code: 400 },
    { id: 'exec-without-upgrade', method: 'POST', path: `${pods}/none/exec?command=ls`, code: 400 },
    { id: 'openapi-unknown-group', method: 'GET', path: '/openapi/v3/apis/nope/v1', code: 404 },
    { id: 'discovery-unknown-group', method: 'GET', path: '/apis/nope', code: 404 },
  ];
  return requests;
}
