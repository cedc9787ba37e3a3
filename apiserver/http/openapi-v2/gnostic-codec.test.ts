import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { KINDS } from '../../../api/kinds/registry.js';
import { decodeGnostic, encodeGnostic, gnosticDocument, gnosticSchema } from './gnostic-codec.js';
import { GNOSTIC_DOCUMENT } from './gnostic-messages.js';
import { swaggerDocument } from './swagger-document.js';

const doc = swaggerDocument(KINDS, 'v1.32.0-flotilla');

describe('gnostic OpenAPI v2 protobuf', () => {
  it('round trip: the decoded protobuf is the JSON document', () => {
    const decoded = decodeGnostic(encodeGnostic(doc));
    assert.deepStrictEqual(decoded, JSON.parse(JSON.stringify(doc)));
  });

  it('verifies against the declarations', () => {
    assert.equal(GNOSTIC_DOCUMENT.verify(gnosticDocument(doc) as Record<string, unknown>), null);
  });

  it('puts the field numbers kubectl decodes on the wire', () => {
    const bytes = encodeGnostic({ ...doc, paths: {}, definitions: {}, securityDefinitions: {}, security: [] });
    // Document.swagger is field 1 (tag 0x0a), then Document.info field 2 (tag 0x12) holding title (1) and version (2).
    assert.equal(bytes[0], 0x0a);
    assert.equal(bytes.subarray(2, 2 + bytes[1]!).toString(), '2.0');
    const info = 2 + bytes[1]!;
    assert.equal(bytes[info], 0x12);
    assert.equal(bytes[info + 2], 0x0a);
  });

  it('writes vendor extensions, defaults and types as gnostic does: YAML in Any, type as a list', () => {
    const schema = gnosticSchema({
      $ref: '#/definitions/X',
      default: {},
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
    });
    assert.equal(schema._ref, '#/definitions/X');
    assert.deepEqual(parseYaml(schema.default?.yaml ?? ''), {});
    const ext = Object.fromEntries((schema.vendor_extension ?? []).map((e) => [e.name, parseYaml(e.value.yaml) as unknown]));
    assert.deepEqual(ext, { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }] });
    assert.deepEqual(gnosticSchema({ type: 'array', items: { type: 'string' } }), { type: { value: ['array'] }, items: { schema: [{ type: { value: ['string'] } }] } });
  });

  it('gives each operation its group-version-kind as one YAML map, where kubectl looks for PATCH support', () => {
    const path = gnosticDocument(doc).paths?.path?.find((p) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    const gvk = path?.value.patch?.vendor_extension?.find((e) => e.name === 'x-kubernetes-group-version-kind');
    assert.deepEqual(parseYaml(gvk?.value.yaml ?? ''), { group: 'apps', version: 'v1', kind: 'Deployment' });
    const names = (path?.value.patch?.parameters ?? []).map((p) => p.parameter?.non_body_parameter?.query_parameter_sub_schema?.name);
    assert.ok(names.includes('fieldValidation'));
  });
});
