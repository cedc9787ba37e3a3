// kubectl against a real apiserver's HTTPS port, with the credentials and the
// kubeconfig that deploy/up.sh's scripts make: every kubectl version lists pods,
// a wrong token is refused, a kubeconfig with another CA does not trust the
// server; and RBAC: users of the token file get what their RoleBindings grant,
// kubectl auth can-i agrees, a binding to more than one holds is refused, and
// kubectl --as impersonates only for a caller allowed the impersonate verb.
// Needs no Docker: a control plane (etcd + apiserver) is enough.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';
import { createPki, writeKubeconfig } from '../testkit/credentials.js';
import { kubectlSkipReason, kubectlVersions, runKubectl } from '../testkit/kubectl.js';

const PODS_PATH = '/api/v1/namespaces/default/pods';
const WRONG_TOKEN = 'not-a-token-of-this-cluster';
/** Users of the token file, as README tells a person to add them; none is in system:masters. */
const USERS = { jane: 'jane-token-0123456789', ed: 'ed-token-0123456789', ada: 'ada-token-0123456789' } as const;
/** How long the aggregation of view, edit and admin may take to reach a user's answers. */
const AGGREGATION_WAIT_MS = 10_000;
const POLL_MS = 200;

describe('kubectl over the apiserver HTTPS port', { skip: kubectlSkipReason() }, () => {
  const cp = useControlPlane({ https: true, extraTokens: Object.entries(USERS).map(([name, token]) => `${token},${name},${name}-uid,"developers"`) });
  /** The cluster's kubeconfig with one thing changed, in a folder of its own (and its own kubectl cache). */
  const variant = async (what: string, change: { caFile?: string; token?: string }): Promise<string> => {
    const dir = mkdtempSync(join(cp.plane.logDir, `kubeconfig-${what}-`));
    const api = cp.plane.apiserver;
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${change.token ?? api.token}\n`);
    return writeKubeconfig({ server: `https://127.0.0.1:${api.httpsPort}`, caFile: change.caFile ?? (api.caFile as string), tokenFile, out: join(dir, 'kubeconfig') });
  };

  it('every kubectl version lists pods with the kubeconfig up.sh would write', async () => {
    for (const version of kubectlVersions()) {
      const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: cp.kubeconfig, version });
      assert.equal(res.code, 0, `kubectl ${version}: ${res.stderr}`);
      const list = JSON.parse(res.stdout) as { items?: unknown };
      assert.ok(Array.isArray(list.items), `kubectl ${version}: ${res.stdout}`);
    }
  });

  it('a token the apiserver does not know is refused as Unauthorized', async () => {
    const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: await variant('wrong-token', { token: WRONG_TOKEN }) });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /Unauthorized/i);
  });

  it('a kubeconfig with another CA does not trust the serving certificate', async () => {
    const other = await createPki(mkdtempSync(join(cp.plane.logDir, 'other-ca-')));
    const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: await variant('other-ca', { caFile: other.caFile }) });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /certificate|x509/i);
  });

  /** One kubeconfig (and kubectl cache) per user. */
  const kubeconfigs = new Map<string, Promise<string>>();
  const as = async (user: keyof typeof USERS, args: string[]) => {
    if (!kubeconfigs.has(user)) kubeconfigs.set(user, variant(`user-${user}`, { token: USERS[user] }));
    return runKubectl(args, { kubeconfig: await kubeconfigs.get(user) });
  };
  const admin = async (args: string[]) => {
    const res = await runKubectl(args, { kubeconfig: cp.kubeconfig });
    assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };
  /** `kubectl auth can-i` as the user: its answer (yes/no) once it stops changing to `want`, or the last one. */
  const canI = async (user: keyof typeof USERS, args: string[], want?: 'yes' | 'no') => {
    const deadline = Date.now() + AGGREGATION_WAIT_MS;
    for (;;) {
      const res = await as(user, ['auth', 'can-i', ...args]);
      const answer = res.stdout.trim();
      if (want === undefined || answer === want || Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  it('default roles are there at start, printed with kubectl 1.32 columns', async () => {
    const roles = await admin(['get', 'clusterroles', 'cluster-admin', 'view', 'system:discovery']);
    assert.match(roles.split('\n')[0], /^NAME\s+CREATED AT$/);
    assert.match(roles, /^view\s+\d{4}-\d\d-\d\dT/m);
    const bindings = await admin(['get', 'clusterrolebindings', 'cluster-admin', '-o', 'wide']);
    assert.match(bindings.split('\n')[0], /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS$/);
    assert.match(bindings, /^cluster-admin\s+ClusterRole\/cluster-admin\s+\S+\s+system:masters/m);
  });

  it('kubectl create rolebinding grants view to jane in default, edit to ed and admin to ada in team', async () => {
    await admin(['create', 'namespace', 'team']);
    await admin(['create', 'rolebinding', 'jane-view', '--clusterrole=view', '--user=jane', '-n', 'default']);
    await admin(['create', 'rolebinding', 'ed-edit', '--clusterrole=edit', '--user=ed', '-n', 'team']);
    await admin(['create', 'rolebinding', 'ada-admin', '--clusterrole=admin', '--user=ada', '-n', 'team']);
    await admin(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cret', '-n', 'default']);
    await admin(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cret', '-n', 'team']);
    const wide = await admin(['get', 'rolebinding', 'jane-view', '-n', 'default', '-o', 'wide']);
    assert.match(wide, /^jane-view\s+ClusterRole\/view\s+\S+\s+jane\s*$/m);
  });

  it('a view user lists pods but may not delete them, and kubectl auth can-i says so', async () => {
    assert.equal(await canI('jane', ['list', 'pods', '-n', 'default'], 'yes'), 'yes');
    const list = await as('jane', ['get', 'pods', '-n', 'default']);
    assert.equal(list.code, 0, list.stderr);
    const del = await as('jane', ['delete', 'pod', 'web', '-n', 'default']);
    assert.notEqual(del.code, 0);
    assert.match(del.stderr, /Error from server \(Forbidden\): pods "web" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"/);
    assert.equal(await canI('jane', ['delete', 'pods', '-n', 'default']), 'no');
    assert.equal(await canI('jane', ['list', 'pods', '-n', 'team']), 'no');
    const secrets = await as('jane', ['get', 'secrets', '-n', 'default']);
    assert.match(secrets.stderr, /secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"/);
  });

  it('an edit user reads Secrets of its namespace, not of another', async () => {
    assert.equal(await canI('ed', ['get', 'secrets', '-n', 'team'], 'yes'), 'yes');
    assert.equal((await as('ed', ['get', 'secret', 'db', '-n', 'team'])).code, 0);
    const other = await as('ed', ['get', 'secret', 'db', '-n', 'default']);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /secrets "db" is forbidden: User "ed" cannot get resource "secrets" in API group "" in the namespace "default"/);
    assert.equal(await canI('ed', ['get', 'secrets', '-n', 'default']), 'no');
  });

  it('kubectl auth can-i --list shows what the rules allow', async () => {
    const res = await as('jane', ['auth', 'can-i', '--list', '-n', 'default']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    assert.match(res.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]/m);
    assert.match(res.stdout, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/m);
  });

  it('a namespace admin binds roles it holds, and granting more than it holds is refused', async () => {
    assert.equal(await canI('ada', ['create', 'rolebindings', '-n', 'team'], 'yes'), 'yes');
    const ok = await as('ada', ['create', 'rolebinding', 'jane-view', '--clusterrole=view', '--user=jane', '-n', 'team']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(await canI('jane', ['list', 'pods', '-n', 'team'], 'yes'), 'yes');
    const escalate = await as('ada', ['create', 'rolebinding', 'ada-root', '--clusterrole=cluster-admin', '--user=ada', '-n', 'team']);
    assert.notEqual(escalate.code, 0);
    assert.match(escalate.stderr, /rolebindings.rbac.authorization.k8s.io "ada-root" is forbidden: user "ada" \(groups=\["developers" "system:authenticated"\]\) is attempting to grant RBAC permissions not currently held/);
    const role = await as('ada', ['create', 'role', 'node-reader', '--verb=get', '--resource=nodes', '-n', 'team']);
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /roles.rbac.authorization.k8s.io "node-reader" is forbidden: .*not currently held:\n\{APIGroups:\[""\], Resources:\["nodes"\], Verbs:\["get"\]\}/);
    const stored = await runKubectl(['get', 'rolebinding', 'ada-root', '-n', 'team'], { kubeconfig: cp.kubeconfig });
    assert.match(stored.stderr, /NotFound/);
  });

  it('kubectl --as impersonates for an admin and is refused for a user without the impersonate verb', async () => {
    const canJane = await runKubectl(['auth', 'can-i', 'delete', 'pods', '-n', 'default', '--as=jane'], { kubeconfig: cp.kubeconfig });
    assert.equal(canJane.stdout.trim(), 'no', canJane.stderr);
    const asJane = await runKubectl(['get', 'pods', '-n', 'default', '--as=jane'], { kubeconfig: cp.kubeconfig });
    assert.equal(asJane.code, 0, asJane.stderr);
    const deleteAsJane = await runKubectl(['delete', 'pod', 'nothing', '-n', 'default', '--as=jane'], { kubeconfig: cp.kubeconfig });
    assert.match(deleteAsJane.stderr, /pods "nothing" is forbidden: User "jane" cannot delete resource "pods"/);
    const janeAsAdmin = await as('jane', ['get', 'secrets', '-n', 'default', '--as=admin', '--as-group=system:masters']);
    assert.notEqual(janeAsAdmin.code, 0);
    assert.match(janeAsAdmin.stderr, /users "admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope/);
  });
});
