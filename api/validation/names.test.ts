import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  configMapKeyErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  httpHeaderNameErrors,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidIp,
  isValidLabelValue,
  labelValueErrors,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  percentErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
  regexError,
  relaxedEnvVarNameErrors,
} from './names.js';

describe('DNS-1123 names', () => {
  it('labels: lower-case alphanumerics and dashes, at most 63', () => {
    for (const ok of ['a', 'web-1', '123-abc', 'x'.repeat(63)]) assert.equal(isDns1123Label(ok), true, ok);
    for (const bad of ['', 'Web', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64)]) assert.equal(isDns1123Label(bad), false, bad);
  });

  it('labels: Kubernetes wording, including the doubled space', () => {
    assert.deepEqual(dns1123LabelErrors('Web'), [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    assert.deepEqual(dns1123LabelErrors('a.b'), ['must not contain dots']);
    assert.deepEqual(dns1123LabelErrors('a'.repeat(64)), ['must be no more than 63 characters']);
  });

  it('subdomains: dotted labels, at most 253', () => {
    for (const ok of ['a', 'example.com', 'node-1.example.com']) assert.equal(isDns1123Subdomain(ok), true, ok);
    for (const bad of ['', 'a..b', '.a', 'a.', 'A.b', 'a_b']) assert.equal(isDns1123Subdomain(bad), false, bad);
    assert.deepEqual(dns1123SubdomainErrors('Foo'), [
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    assert.ok(dns1123SubdomainErrors(`${'a'.repeat(250)}.com`).includes('must be no more than 253 characters'));
  });

  it('generateName prefixes may end with a dash', () => {
    assert.deepEqual(nameIsDnsSubdomain('web-', true), []);
    assert.notDeepEqual(nameIsDnsSubdomain('web-', false), []);
    assert.deepEqual(nameIsDnsLabel('web-', true), []);
  });
});

describe('qualified names (label keys)', () => {
  it('accepts plain and prefixed names', () => {
    for (const ok of ['app', 'MyName', 'my.name', '123-abc', 'app.kubernetes.io/name', 'a/b']) assert.equal(isQualifiedName(ok), true, ok);
  });

  it('explains each broken part', () => {
    assert.deepEqual(qualifiedNameErrors(''), [
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    assert.deepEqual(qualifiedNameErrors('/a'), ['prefix part must be non-empty']);
    assert.equal(qualifiedNameErrors('Bad_Prefix/a')[0].startsWith('prefix part a lowercase RFC 1123 subdomain'), true);
    assert.equal(qualifiedNameErrors('a/b/c')[0].startsWith('a qualified name must consist of'), true);
    assert.ok(qualifiedNameErrors('a/b/c')[0].endsWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
    assert.deepEqual(qualifiedNameErrors('x'.repeat(64)), ['name part must be no more than 63 characters']);
  });
});

describe('label values', () => {
  it('may be empty, else alphanumeric ends', () => {
    for (const ok of ['', 'v1', 'my_value', '1.2.3']) assert.equal(isValidLabelValue(ok), true, ok);
    for (const bad of ['-x', 'x-', 'a b', 'x'.repeat(64)]) assert.equal(isValidLabelValue(bad), false, bad);
    assert.deepEqual(labelValueErrors('a b'), [
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('ports', () => {
  it('port numbers are 1-65535', () => {
    assert.deepEqual(portNumberErrors(80), []);
    assert.deepEqual(portNumberErrors(65535), []);
    assert.deepEqual(portNumberErrors(0), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(portNumberErrors(65536), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(portNumberErrors(1.5), ['must be between 1 and 65535, inclusive']);
  });

  it('port names are IANA_SVC_NAMEs', () => {
    assert.deepEqual(portNameErrors('http'), []);
    assert.deepEqual(portNameErrors('web-8080'), []);
    assert.deepEqual(portNameErrors('8080'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(portNameErrors('HTTP'), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    assert.deepEqual(portNameErrors('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(portNameErrors('-ab'), ['must not begin or end with a hyphen']);
    assert.deepEqual(portNameErrors('abcdefghijklmnop'), ['must be no more than 15 characters']);
  });
});

describe('other formats', () => {
  it('environment variable names: printable ASCII without "="', () => {
    assert.deepEqual(relaxedEnvVarNameErrors('MY_VAR'), []);
    assert.deepEqual(relaxedEnvVarNameErrors('my.var-1 x'), []);
    assert.deepEqual(relaxedEnvVarNameErrors('A=B'), [
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
    assert.equal(relaxedEnvVarNameErrors('caf\u00e9').length, 1);
    assert.equal(relaxedEnvVarNameErrors('tab\there').length, 1);
  });

  it('config keys', () => {
    assert.deepEqual(configMapKeyErrors('key.name'), []);
    assert.ok(configMapKeyErrors('a/b')[0].startsWith("a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    assert.deepEqual(configMapKeyErrors('..'), ["must not be '..'"]);
    assert.deepEqual(configMapKeyErrors('..a'), ["must not start with '..'"]);
  });

  it('percentages, HTTP headers and IPs', () => {
    assert.deepEqual(percentErrors('25%'), []);
    assert.deepEqual(percentErrors('25'), [
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    assert.deepEqual(httpHeaderNameErrors('X-Trace'), []);
    assert.equal(httpHeaderNameErrors('X Trace').length, 1);
    assert.equal(isValidIp('10.0.0.1'), true);
    assert.equal(isValidIp('2001:db8::1'), true);
    assert.equal(isValidIp('10.0.0'), false);
    assert.equal(isValidIp('example.com'), false);
  });

  it('regexError matches Kubernetes formatting', () => {
    assert.equal(regexError('msg', 'fmt'), "msg (regex used for validation is 'fmt')");
    assert.equal(regexError('msg', 'fmt', 'a', 'b'), "msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')");
  });
});
