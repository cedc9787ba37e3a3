import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../errors.js';
import { createErrors, podFixture } from '../kinds/fixtures.js';
import type { KubeObject } from '../types/meta.js';
import { validatePodSpec } from './pod-spec.js';
import { validateTopologySpreadConstraints } from './scheduling.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid pod with `edit` applied to its spec, validated as on create. */
function podErrors(edit: (spec: Json) => void): string[] {
  const pod = podFixture();
  edit(pod.spec as Json);
  return createErrors(pod);
}

function container(spec: Json): Json {
  return spec.containers[0];
}

function assertHas(errs: string[], expected: string): void {
  assert.ok(errs.includes(expected), `expected\n  ${expected}\nin\n  ${errs.join('\n  ')}`);
}

function assertHasPrefix(errs: string[], prefix: string): void {
  assert.ok(errs.some((e) => e.startsWith(prefix)), `expected an error starting\n  ${prefix}\nin\n  ${errs.join('\n  ')}`);
}

describe('pod spec: containers', () => {
  it('accepts the fixture', () => {
    assert.deepEqual(createErrors(podFixture()), []);
  });

  it('needs at least one container', () => {
    assert.deepEqual(podErrors((s) => (s.containers = [])), ['spec.containers: Required value']);
    assert.deepEqual(podErrors((s) => delete s.containers), ['spec.containers: Required value']);
  });

  it('checks names and images', () => {
    const errs = podErrors((s) => {
      s.containers.push({ name: 'web', image: 'x' }, { name: '', image: '' }, { name: 'Bad_Name', image: 'x' });
    });
    assertHas(errs, 'spec.containers[1].name: Duplicate value: "web"');
    assertHas(errs, 'spec.containers[2].name: Required value');
    assertHas(errs, 'spec.containers[2].image: Required value');
    assertHasPrefix(errs, 'spec.containers[3].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of');
  });

  it('requires unique names across init and app containers', () => {
    const errs = podErrors((s) => (s.initContainers = [{ name: 'web', image: 'busybox' }]));
    assert.deepEqual(errs, ['spec.initContainers[0].name: Duplicate value: "web"']);
  });

  it('refuses images with surrounding whitespace in pods only', () => {
    assert.deepEqual(podErrors((s) => (container(s).image = ' nginx')), [
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
    const template = { containers: [{ name: 'a', image: ' nginx', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 };
    assert.deepEqual(validatePodSpec(template, 'spec.template.spec', { isPod: false }), []);
  });

  it('checks pull and termination message policies', () => {
    const errs = podErrors((s) => {
      container(s).imagePullPolicy = 'Sometimes';
      container(s).terminationMessagePolicy = 'Maybe';
    });
    assert.deepEqual(errs, [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Maybe": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });
});

describe('pod spec: ports', () => {
  it('checks numbers, protocol and names', () => {
    const errs = podErrors((s) => {
      container(s).ports = [
        { name: 'http', containerPort: 0 },
        { name: 'http', containerPort: 70000, hostPort: 70000, protocol: 'ICMP' },
        { name: 'HTTP', containerPort: 81 },
        { containerPort: 82, hostPort: -1 },
      ];
    });
    assert.deepEqual(errs, [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[2].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[3].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
    ]);
  });

  it('defaults the protocol to TCP (no error) and allows the same port name in two containers', () => {
    assert.deepEqual(
      podErrors((s) => s.containers.push({ name: 'side', image: 'x', ports: [{ name: 'http', containerPort: 81 }] })),
      [],
    );
  });

  it('refuses two containers claiming the same host port', () => {
    const errs = podErrors((s) => {
      container(s).ports = [{ containerPort: 80, hostPort: 8080 }];
      s.containers.push({ name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 8080 }] });
    });
    assert.deepEqual(errs, ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it('with hostNetwork, hostPort must equal containerPort (defaulted when 0)', () => {
    assert.deepEqual(podErrors((s) => (s.hostNetwork = true)), []);
    assert.deepEqual(
      podErrors((s) => {
        s.hostNetwork = true;
        container(s).ports = [{ containerPort: 80, hostPort: 8080 }];
      }),
      ['spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true'],
    );
  });
});

describe('pod spec: env', () => {
  it('checks names and valueFrom sources', () => {
    const errs = podErrors((s) => {
      container(s).env = [
        { name: 'OK', value: 'v' },
        { name: '', value: 'v' },
        { name: 'A=B' },
        { name: 'BOTH', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'NONE', valueFrom: {} },
        { name: 'VALUE_TOO', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ];
    });
    assert.deepEqual(errs, [
      'spec.containers[0].env[1].name: Required value',
      "spec.containers[0].env[2].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not have more than one field specified at a time',
      'spec.containers[0].env[4].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[5].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
  });

  it('accepts every supported downward API path', () => {
    const paths = [
      'metadata.name',
      'metadata.namespace',
      'metadata.uid',
      "metadata.labels['app']",
      "metadata.annotations['example.com/x']",
      'spec.nodeName',
      'spec.serviceAccountName',
      'status.hostIP',
      'status.podIP',
      'status.podIPs',
    ];
    const errs = podErrors((s) => {
      container(s).env = paths.map((fieldPath, i) => ({ name: `V${i}`, valueFrom: { fieldRef: { fieldPath } } }));
    });
    assert.deepEqual(errs, []);
  });

  it('refuses unsupported downward API paths', () => {
    const errs = podErrors((s) => {
      container(s).env = [
        { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } },
        { name: 'B', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } },
        { name: 'C', valueFrom: { fieldRef: { fieldPath: "spec.nodeName['x']" } } },
        { name: 'D', valueFrom: { fieldRef: { fieldPath: "metadata.labels['bad key']" } } },
        { name: 'E', valueFrom: { fieldRef: {} } },
      ];
    });
    assert.deepEqual(errs.slice(0, 3), [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
      "spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.nodeName['x']\": error converting fieldPath: field label does not support subscript: spec.nodeName['x']",
    ]);
    assertHasPrefix(errs, 'spec.containers[0].env[3].valueFrom.fieldRef: Invalid value: "bad key": name part must consist of');
    assertHas(errs, 'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Required value');
  });

  it('checks resourceFieldRef, configMapKeyRef and envFrom', () => {
    const errs = podErrors((s) => {
      container(s).env = [
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'BAD', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
        { name: 'DIV', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '2' } } },
        { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: '' } } },
      ];
      container(s).envFrom = [{ configMapRef: { name: 'cfg' } }, {}];
    });
    assert.deepEqual(errs, [
      'spec.containers[0].env[1].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"',
      "spec.containers[0].env[2].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
      'spec.containers[0].env[3].valueFrom.configMapKeyRef.key: Required value',
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
    ]);
  });
});

describe('pod spec: volumes and mounts', () => {
  it('checks configMap and secret items: key, a relative path that is not reserved, the mode', () => {
    const errs = podErrors((s) => {
      s.volumes = [
        { name: 'cfg', configMap: { name: 'app', items: [{ key: 'a', path: 'conf/a' }, { key: '', path: '/abs' }, { key: 'b', path: '..data', mode: 0o1000 }] } },
        { name: 'creds', secret: { items: [{ key: 'c', path: 'x/../y' }] } },
      ];
    });
    assert.deepEqual(errs, [
      'spec.volumes[0].configMap.items[1].key: Required value',
      'spec.volumes[0].configMap.items[1].path: Invalid value: "/abs": must be a relative path',
      'spec.volumes[0].configMap.items[2].path: Invalid value: "..data": must not start with \'..\'',
      'spec.volumes[0].configMap.items[2].mode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[1].secret.secretName: Required value',
      'spec.volumes[1].secret.items[0].path: Invalid value: "x/../y": must not contain \'..\'',
    ]);
  });

  it('accepts hostPath and emptyDir volumes mounted by name', () => {
    const errs = podErrors((s) => {
      s.volumes = [
        { name: 'data', emptyDir: {} },
        { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        { name: 'logs', hostPath: { path: '/var/log', type: 'DirectoryOrCreate' } },
      ];
      container(s).volumeMounts = [
        { name: 'data', mountPath: '/data' },
        { name: 'cache', mountPath: '/cache', subPath: 'a/b' },
        { name: 'logs', mountPath: 'relative/is/allowed', readOnly: true },
      ];
    });
    assert.deepEqual(errs, []);
  });

  it('checks names, sources and source fields', () => {
    const errs = podErrors((s) => {
      s.volumes = [
        { name: 'data', emptyDir: {} },
        { name: 'data', emptyDir: {} },
        { name: 'Bad', emptyDir: {} },
        { name: 'two', emptyDir: {}, hostPath: { path: '/x' } },
        { name: 'hp', hostPath: { path: '' } },
        { name: 'hp2', hostPath: { path: '/a/../b', type: 'Folder' } },
        { name: 'mem', emptyDir: { medium: 'Disk', sizeLimit: '-1' } },
      ];
    });
    assert.deepEqual(errs.filter((e) => !e.includes('RFC 1123')), [
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[3].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[4].hostPath.path: Required value',
      "spec.volumes[5].hostPath.path: Invalid value: \"/a/../b\": must not contain '..'",
      'spec.volumes[5].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[6].emptyDir.medium: Unsupported value: "Disk": supported values: "", "Memory"',
      'spec.volumes[6].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
    ]);
    assertHasPrefix(errs, 'spec.volumes[2].name: Invalid value: "Bad": a lowercase RFC 1123 label');
  });

  it('turns a volume without a source into an emptyDir, as Kubernetes defaults it', () => {
    assert.deepEqual(podErrors((s) => (s.volumes = [{ name: 'scratch' }])), []);
  });

  it('checks mounts: known volume, mountPath, uniqueness, subPath', () => {
    const errs = podErrors((s) => {
      s.volumes = [{ name: 'data', emptyDir: {} }];
      container(s).volumeMounts = [
        { name: 'nope', mountPath: '/a' },
        { name: 'data', mountPath: '' },
        { name: 'data', mountPath: '/a' },
        { name: 'data', mountPath: '/b', subPath: '/abs' },
        { name: 'data', mountPath: '/c', subPath: 'x/../../etc' },
      ];
    });
    assert.deepEqual(errs, [
      'spec.containers[0].volumeMounts[0].name: Not found: "nope"',
      'spec.containers[0].volumeMounts[1].mountPath: Required value',
      'spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].volumeMounts[3].subPath: Invalid value: "/abs": must be a relative path',
      "spec.containers[0].volumeMounts[4].subPath: Invalid value: \"x/../../etc\": must not contain '..'",
    ]);
  });
});

describe('pod spec: probes and lifecycle', () => {
  it('accepts well-formed probes (defaults fill the timings)', () => {
    const errs = podErrors((s) => {
      container(s).livenessProbe = { httpGet: { port: 'http' } };
      container(s).readinessProbe = { tcpSocket: { port: 80 }, initialDelaySeconds: 5 };
      container(s).startupProbe = { exec: { command: ['true'] }, failureThreshold: 30 };
      container(s).lifecycle = { preStop: { exec: { command: ['sleep', '5'] } }, postStart: { httpGet: { port: 80, path: '/ready' } } };
    });
    assert.deepEqual(errs, []);
  });

  it('needs exactly one handler', () => {
    const errs = podErrors((s) => {
      container(s).livenessProbe = { periodSeconds: 5 };
      container(s).readinessProbe = { exec: { command: ['true'] }, httpGet: { port: 80 } };
      container(s).lifecycle = { postStart: {} };
    });
    assert.deepEqual(errs, [
      'spec.containers[0].lifecycle.postStart: Required value: must specify a handler type',
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  it('checks numbers, ports and thresholds', () => {
    const errs = podErrors((s) => {
      container(s).livenessProbe = { tcpSocket: { port: 0 }, initialDelaySeconds: -1, successThreshold: 2 };
      container(s).startupProbe = { httpGet: { port: 'Bad', scheme: 'FTP' }, successThreshold: 3, periodSeconds: -5 };
      container(s).readinessProbe = { exec: { command: [] }, successThreshold: 3, terminationGracePeriodSeconds: 5 };
    });
    assert.deepEqual(errs, [
      'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe.exec.command: Required value',
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
      'spec.containers[0].startupProbe.httpGet.port: Invalid value: "Bad": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].startupProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
      'spec.containers[0].startupProbe.periodSeconds: Invalid value: -5: must be greater than or equal to 0',
      'spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1',
    ]);
  });

  it('forbids probes on plain init containers but allows them on sidecars', () => {
    const errs = podErrors((s) => {
      s.initContainers = [
        { name: 'init', image: 'x', livenessProbe: { exec: { command: ['true'] } } },
        { name: 'side', image: 'x', restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } },
        { name: 'odd', image: 'x', restartPolicy: 'Never' },
      ];
    });
    assert.deepEqual(errs, [
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      'spec.initContainers[2].restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });
});

describe('pod spec: resources', () => {
  it('accepts valid requests and limits', () => {
    assert.deepEqual(
      podErrors((s) => (container(s).resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } })),
      [],
    );
  });

  it('checks quantities, names and requests <= limits', () => {
    const errs = podErrors((s) => {
      container(s).resources = {
        requests: { cpu: '2', memory: 'lots', 'ephemeral-storage': '-1' },
        limits: { cpu: '1', gpu: '1' },
      };
    });
    assert.deepEqual(errs, [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      "spec.containers[0].resources.requests[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'spec.containers[0].resources.requests[ephemeral-storage]: Invalid value: "-1": must be greater than or equal to 0',
      // Pod defaults copy limits into missing requests, so gpu shows up twice, as in Kubernetes.
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
  });

  it('requires requests == limits for extended resources', () => {
    const errs = podErrors((s) => {
      container(s).resources = { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } };
    });
    assert.deepEqual(errs, ['spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2']);
  });
});

describe('pod spec: pod-level fields', () => {
  it('checks restartPolicy, dnsPolicy and grace period', () => {
    const errs = podErrors((s) => {
      s.restartPolicy = 'Sometimes';
      s.dnsPolicy = 'Google';
      s.terminationGracePeriodSeconds = -1;
      s.activeDeadlineSeconds = 0;
    });
    assert.deepEqual(errs, [
      'spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
  });

  it('checks tolerations', () => {
    const errs = podErrors((s) => {
      s.tolerations = [
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
        { operator: 'Exists' },
        { key: 'a', operator: 'Exists', value: 'x' },
        { key: 'b', operator: 'Equal', value: 'y', effect: 'NoSchedule', tolerationSeconds: 10 },
        { key: 'c', operator: 'In' },
        { key: 'd', effect: 'Sometimes' },
        { operator: 'Equal', value: 'v' },
      ];
    });
    assert.deepEqual(errs, [
      'spec.tolerations[2].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[4].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      'spec.tolerations[5].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.tolerations[6].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]);
  });

  it('checks nodeSelector and node affinity operators', () => {
    const terms = (exprs: unknown[]) => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } },
    });
    assert.deepEqual(
      podErrors((s) => {
        s.nodeSelector = { disktype: 'ssd' };
        s.affinity = terms([
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'cores', operator: 'Gt', values: ['4'] },
          { key: 'gpu', operator: 'DoesNotExist' },
        ]);
      }),
      [],
    );
    const errs = podErrors((s) => {
      s.nodeSelector = { 'bad key': 'x' };
      s.affinity = terms([
        { key: 'zone', operator: 'In', values: [] },
        { key: 'gpu', operator: 'Exists', values: ['x'] },
        { key: 'cores', operator: 'Gt', values: ['1', '2'] },
        { key: 'cores', operator: 'Lt', values: ['many'] },
        { key: 'x', operator: 'Near' },
      ]);
    });
    const base = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions';
    assertHasPrefix(errs, 'spec.nodeSelector: Invalid value: "bad key"');
    assertHas(errs, `${base}[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
    assertHas(errs, `${base}[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
    assertHas(errs, `${base}[2].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`);
    assertHas(errs, `${base}[3].values[0]: Invalid value: "many": must be an integer`);
    assertHas(errs, `${base}[4].operator: Invalid value: "Near": not a valid selector operator`);
    assert.equal(errs.length, 6);
  });

  it('needs at least one node selector term and valid weights', () => {
    const errs = podErrors((s) => {
      s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }],
        },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } } }] },
      };
    });
    assert.deepEqual(errs, [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      ...errs.slice(3),
    ]);
    assert.ok(errs.length >= 3);
  });

  it('checks hostAliases and names', () => {
    const errs = podErrors((s) => {
      s.hostAliases = [
        { ip: '10.0.0.1', hostnames: ['db.local'] },
        { ip: 'not-an-ip', hostnames: ['Bad_Host'] },
      ];
      s.nodeName = 'Node_1';
      s.hostname = 'a.b';
    });
    assertHas(errs, 'spec.hostAliases[1].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    assertHasPrefix(errs, 'spec.hostAliases[1].hostnames[0]: Invalid value: "Bad_Host"');
    assertHasPrefix(errs, 'spec.nodeName: Invalid value: "Node_1"');
    assertHas(errs, 'spec.hostname: Invalid value: "a.b": must not contain dots');
    assert.equal(errs.length, 4);
  });

  it('forbids ephemeral containers on create and both shareProcessNamespace and hostPID', () => {
    const errs = podErrors((s) => {
      s.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
      s.shareProcessNamespace = true;
      s.hostPID = true;
    });
    assert.deepEqual(errs, [
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
      'spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled',
    ]);
  });

  it('reports wrong JSON types instead of throwing', () => {
    const pod: KubeObject = podFixture();
    (pod.spec as Json).containers = 'nginx';
    (pod.spec as Json).volumes = { name: 'x' };
    const errs = createErrors(pod);
    assertHas(errs, 'spec.containers: Invalid value: "nginx": must be a list');
    assertHas(errs, 'spec.volumes: Invalid value: {"name":"x"}: must be a list');
    assertHas(errs, 'spec.containers: Required value');
    const weird = validatePodSpec(42, 'spec', { isPod: true }).map(formatFieldError);
    assertHas(weird, 'spec: Invalid value: 42: must be an object');
  });

  it('reports null and non-object list entries instead of accepting holes', () => {
    const errs = podErrors((s) => {
      s.containers.push(null);
      s.initContainers = [null];
      s.volumes = [null];
      s.tolerations = [null];
      s.hostAliases = [null];
      container(s).ports = [null];
      container(s).env = [null];
      container(s).envFrom = [null];
      container(s).volumeMounts = [null];
      s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [null, { matchExpressions: [null] }] } } };
    });
    for (const field of [
      'spec.containers[1]',
      'spec.initContainers[0]',
      'spec.volumes[0]',
      'spec.tolerations[0]',
      'spec.hostAliases[0]',
      'spec.containers[0].ports[0]',
      'spec.containers[0].env[0]',
      'spec.containers[0].envFrom[0]',
      'spec.containers[0].volumeMounts[0]',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchExpressions[0]',
    ]) {
      assertHas(errs, `${field}: Invalid value: null: must be an object`);
    }
  });

  it('reports fields of the wrong type instead of defaulting over them', () => {
    const errs = podErrors((s) => {
      s.tolerations = 'x';
      s.schedulerName = 5;
      s.enableServiceLinks = 'yes';
      container(s).terminationMessagePath = true;
      container(s).resources = { limits: { cpu: '1' }, requests: 'x' };
    });
    assert.deepEqual(errs.sort(), [
      'spec.containers[0].resources.requests: Invalid value: "x": must be an object',
      'spec.containers[0].terminationMessagePath: Invalid value: true: must be a string',
      'spec.enableServiceLinks: Invalid value: "yes": must be a boolean',
      'spec.schedulerName: Invalid value: 5: must be a string',
      'spec.tolerations: Invalid value: "x": must be a list',
    ]);
  });

  it('requires command and args to be lists of strings', () => {
    const errs = podErrors((s) => {
      container(s).command = ['sh', 1];
      container(s).args = [{ a: 1 }];
    });
    assert.deepEqual(errs, [
      'spec.containers[0].command[1]: Invalid value: 1: must be a string',
      'spec.containers[0].args[0]: Invalid value: {"a":1}: must be a string',
    ]);
  });

  it('lists every problem of a thoroughly wrong pod', () => {
    const errs = podErrors((s) => {
      s.restartPolicy = 'Sometimes';
      container(s).name = 'Web';
      container(s).image = '';
      container(s).ports = [{ containerPort: 0 }];
      container(s).env = [{ name: '' }];
      container(s).volumeMounts = [{ name: 'missing', mountPath: '/x' }];
      s.tolerations = [{ key: 'a', operator: 'Exists', value: 'b' }];
    });
    assert.equal(errs.length, 7, errs.join('\n'));
  });
});

it('topology spread constraints: positive maxSkew and minDomains, known whenUnsatisfiable, one pair each', () => {
  const constraints = [
    { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 },
    { maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'Maybe' },
    { maxSkew: 1, topologyKey: 'host', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 },
  ];
  const errs = validateTopologySpreadConstraints(constraints, 'spec.topologySpreadConstraints').map(formatFieldError);
  assert.deepEqual(errs, [
    'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
    'spec.topologySpreadConstraints[1].minDomains: Invalid value: 0: must be greater than 0',
    'spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
    'spec.topologySpreadConstraints[2].topologyKey: Required value: can not be empty',
    'spec.topologySpreadConstraints[2].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    'spec.topologySpreadConstraints[3].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
  ]);
});
