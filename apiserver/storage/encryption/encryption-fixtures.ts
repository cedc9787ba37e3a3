// Encryption configurations for tests: named keys of the right sizes, and the
// YAML document a test writes as --encryption-provider-config.
import { randomBytes } from 'node:crypto';

export interface TestKey {
  name: string;
  secret: string;
}

/** A fresh base64 key; 32 bytes suits aesgcm and aescbc. */
export function testKey(name: string, bytes = 32): TestKey {
  return { name, secret: randomBytes(bytes).toString('base64') };
}

export type TestProvider = { aesgcm: TestKey[] } | { aescbc: TestKey[] } | 'identity';

/** An EncryptionConfiguration for `resources` with `providers` in order. */
export function encryptionConfigYaml(resources: string[], providers: TestProvider[]): string {
  const lines = ['apiVersion: apiserver.config.k8s.io/v1', 'kind: EncryptionConfiguration', 'resources:', '  - resources:'];
  for (const resource of resources) lines.push(`      - ${JSON.stringify(resource)}`);
  lines.push('    providers:');
  for (const provider of providers) {
    if (provider === 'identity') {
      lines.push('      - identity: {}');
      continue;
    }
    const [name, keys] = Object.entries(provider)[0] as [string, TestKey[]];
    lines.push(`      - ${name}:`, '          keys:');
    for (const key of keys) lines.push(`            - name: ${key.name}`, `              secret: ${key.secret}`);
  }
  return `${lines.join('\n')}\n`;
}
