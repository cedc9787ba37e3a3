// e2e: Jobs on a real agent and Docker, with a scheduler and the
// controller-manager's job controllers: completions and parallelism, the
// backoff limit, an Indexed Job's JOB_COMPLETION_INDEX, activeDeadlineSeconds,
// a real every-minute CronJob, ttlSecondsAfterFinished, and the real kubectl
// 1.32 making them (create job/cronjob, --from=cronjob), reading them (get,
// describe, wait, logs) and being refused bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, TEST_BUSYBOX_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { dockerSkipReason, ensureTestImages } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { startSchedulerProcess, type SchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { waitUntil } from '../testkit/wait-until.js';
import { isApiError } from '../api/errors.js';
import { fileURLToPath } from 'node:url';
import type { CronJob } from '../api/types/index.js';

const EXAMPLE_JOB = fileURLToPath(new URL('../../examples/job.yaml', import.meta.url));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const DOCKER_SKIP = await dockerSkipReason();
const KUBECTL_VERSION = '1.32';
/** Five short pods two at a time, each started and reaped by the agent. */
const JOB_DONE_TIMEOUT_MS = 90_000;
/** One failure, the 10 s backoff, a second failure. */
const BACKOFF_FAIL_TIMEOUT_MS = 60_000;
const NS = 'default';
/** The bound: an every-minute schedule fires within 60 s, and the Job exists within 70. */
const CRON_FIRST_JOB_TIMEOUT_MS = 70_000;
/** ttlSecondsAfterFinished 2, then the foreground cascade removes the pods through the agent. */
const TTL_GONE_TIMEOUT_MS = 30_000;
/** Between probes of slow waits, so a minute-long wait does not hammer the apiserver. */
const SLOW_POLL_MS = 500;
const CONTROLLER_ARGS = ['--leader-elect=false', '--controllers', 'job,cronjob,ttl-after-finished,garbagecollector'];

const skip = kubectlSkipReason(KUBECTL_VERSION) || DOCKER_SKIP;

function jobManifest(name: string, script: string, spec: Partial<Job['spec']> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS },
    spec: {
      template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'work', image: TEST_BUSYBOX_IMAGE, command: ['sh', '-c', script] }] } },
      ...spec,
    },
  };
}

describe('Jobs on a real agent', { skip }, () => {
  let cp: TestControlPlane;
  let cm: ControllerManagerProcess;
  let scheduler: SchedulerProcess;
  let agent: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;
  const run = (args: string[], stdin?: string) => runKubectl(args, { kubeconfig, version: KUBECTL_VERSION, ...(stdin === undefined ? {} : { stdin }) });
  const getJob = (name: string) => client.get(resources.jobs, NS, name);
  const condition = (job: Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
  const podsOf = async (name: string): Promise<Pod[]> => (await client.list(resources.pods, { namespace: NS, labelSelector: `batch.kubernetes.io/job-name=${name}` })).items;

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane({ https: true });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    scheduler = await startSchedulerProcess(cp.apiserver.address, cp.logDir, { extraArgs: ['--leader-elect=false'] });
    cm = await startControllerManager(cp.apiserver.address, cp.logDir, { extraArgs: CONTROLLER_ARGS });
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir });
  });

  after(async () => {
    await agent?.stop();
    await cm?.stop();
    await scheduler?.stop();
    client?.close();
    await cp?.stop();
  });

  it('completions 5 / parallelism 2 completes with exactly 5 succeeded pods; kubectl waits for it and reads its logs', async () => {
    await client.create(resources.jobs, jobManifest('five', 'echo done-$HOSTNAME', { completions: 5, parallelism: 2 }));
    const waited = await run(['wait', '--for=condition=complete', 'job/five', `--timeout=${JOB_DONE_TIMEOUT_MS / 1000}s`]);
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout, 'job.batch/five condition met\n');
    const job = await getJob('five');
    assert.equal(job.status?.succeeded, 5);
    assert.equal(job.status?.failed, 0);
    assert.ok(condition(job, 'SuccessCriteriaMet'));
    const pods = await podsOf('five');
    assert.equal(pods.length, 5, pods.map((p) => p.metadata.name).join(' '));
    assert.ok(pods.every((p) => p.status?.phase === 'Succeeded' && !(p.metadata.finalizers ?? []).length));
    const listed = await run(['get', 'jobs', 'five']);
    assert.match(listed.stdout, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nfive\s+Complete\s+5\/5\s+\d+s\s+\d+s\n$/);
    const logs = await run(['logs', 'job/five']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^done-five-/);
  });

  it('a pod that exits 1 with backoffLimit 1 fails the Job with BackoffLimitExceeded after two tries', async () => {
    await client.create(resources.jobs, jobManifest('failing', 'exit 1', { backoffLimit: 1 }));
    await waitUntil('the Job fails', async () => Boolean(condition(await getJob('failing'), 'Failed')), BACKOFF_FAIL_TIMEOUT_MS);
    const job = await getJob('failing');
    assert.equal(condition(job, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(job.status?.failed, 2);
    assert.equal((await podsOf('failing')).length, 2);
  });

  it("an Indexed Job's pods see their JOB_COMPLETION_INDEX", async () => {
    await client.create(resources.jobs, jobManifest('indexed', 'echo index=$JOB_COMPLETION_INDEX host=$(hostname)', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await waitUntil('the Indexed Job completes', async () => Boolean(condition(await getJob('indexed'), 'Complete')), JOB_DONE_TIMEOUT_MS);
    assert.equal((await getJob('indexed')).status?.completedIndexes, '0-2');
    const seen: string[] = [];
    for (const pod of await podsOf('indexed')) {
      const logs = await run(['logs', pod.metadata.name ?? '']);
      seen.push(logs.stdout.trim());
    }
    assert.deepEqual(seen.sort(), ['index=0 host=indexed-0', 'index=1 host=indexed-1', 'index=2 host=indexed-2']);
  });

  it('activeDeadlineSeconds stops a sleeping Job with DeadlineExceeded', async () => {
    await client.create(resources.jobs, jobManifest('slow', 'sleep 3600', { activeDeadlineSeconds: 3 }));
    await waitUntil('the deadline fails the Job', async () => Boolean(condition(await getJob('slow'), 'Failed')), BACKOFF_FAIL_TIMEOUT_MS);
    assert.equal(condition(await getJob('slow'), 'Failed')?.reason, 'DeadlineExceeded');
    await waitUntil('no pod still runs', async () => (await podsOf('slow')).every((p) => p.status?.phase !== 'Running'), BACKOFF_FAIL_TIMEOUT_MS);
  });

  it('a controller-manager killed mid-Job loses no completion and creates no extra pod', async () => {
    await client.create(resources.jobs, jobManifest('steady', 'sleep 2; echo ok', { completions: 6, parallelism: 2 }));
    await waitUntil('two pods succeeded', async () => (await podsOf('steady')).filter((p) => p.status?.phase === 'Succeeded').length >= 2, JOB_DONE_TIMEOUT_MS);
    // SIGKILL: no graceful flush, so whatever the old process had not written is what the new one must recover.
    await cm.kill();
    cm = await startControllerManager(cp.apiserver.address, cp.logDir, { extraArgs: CONTROLLER_ARGS });
    await waitUntil('the Job completes under the new process', async () => Boolean(condition(await getJob('steady'), 'Complete')), JOB_DONE_TIMEOUT_MS);
    const job = await getJob('steady');
    assert.equal(job.status?.succeeded, 6);
    assert.equal(job.status?.failed ?? 0, 0);
    const pods = await podsOf('steady');
    assert.equal(pods.length, 6, `exactly six pods were ever made: ${pods.map((p) => p.metadata.name).join(' ')}`);
    assert.ok(pods.every((p) => !(p.metadata.finalizers ?? []).length), 'every tracking finalizer was removed');
  });

  it('bad input gets a clear error and stores nothing', async () => {
    const bad = jobManifest('bad', 'true', { parallelism: -1, completionMode: 'Indexed' });
    const refused = await run(['create', '-f', '-'], JSON.stringify(bad));
    assert.notEqual(refused.code, 0);
    assert.equal(
      refused.stderr,
      'The Job "bad" is invalid: \n* spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n* spec.completions: Required value: when completion mode is Indexed\n',
    );
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'badcron', namespace: NS }, spec: { schedule: '61 * * * *', jobTemplate: { spec: jobManifest('x', 'true').spec } } };
    const cronRefused = await run(['create', '-f', '-'], JSON.stringify(cron));
    assert.match(cronRefused.stderr, /The CronJob "badcron" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*": end of range \(61\) above maximum \(59\): 61/);
    assert.equal((await run(['get', 'jobs,cronjobs', 'bad', '--ignore-not-found'])).stdout, '');
  });

  it(`a real */1 CronJob creates a Job within ${CRON_FIRST_JOB_TIMEOUT_MS / 1000} s that runs to Complete`, async () => {
    const cron: CronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'minutely', namespace: NS },
      spec: { schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: jobManifest('x', 'echo tick').spec } },
    };
    await client.create(resources.cronJobs, cron);
    let jobName = '';
    await waitUntil(
      'the CronJob creates its first Job',
      async () => {
        const owned = (await client.list<Job>(resources.jobs, { namespace: NS })).items.filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === 'minutely'));
        jobName = owned[0]?.metadata.name ?? '';
        if (!jobName) await pause(SLOW_POLL_MS);
        return jobName !== '';
      },
      CRON_FIRST_JOB_TIMEOUT_MS,
    );
    assert.match(jobName, /^minutely-\d+$/);
    // Stop further runs before judging this one, so the suite's other Jobs stay few.
    await client.patch(resources.cronJobs, NS, 'minutely', 'merge', { spec: { suspend: true } });
    await waitUntil('the scheduled Job completes', async () => Boolean(condition(await getJob(jobName), 'Complete')), JOB_DONE_TIMEOUT_MS);
    const job = await getJob(jobName);
    assert.ok(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']);
    const status = (await client.get<CronJob>(resources.cronJobs, NS, 'minutely')).status;
    assert.ok(status?.lastScheduleTime, 'lastScheduleTime is recorded');
    const listed = await run(['get', 'cronjobs', 'minutely']);
    assert.match(listed.stdout, /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nminutely\s+\*\/1 \* \* \* \*\s+<none>\s+True\s+\d+\s+\d+s\s+\d+s\n$/);
  });

  it('ttlSecondsAfterFinished 2 removes the finished Job and its pods', async () => {
    await client.create(resources.jobs, jobManifest('shortlived', 'echo bye', { ttlSecondsAfterFinished: 2 }));
    await waitUntil('the Job ran', async () => (await podsOf('shortlived')).length > 0, JOB_DONE_TIMEOUT_MS);
    await waitUntil(
      'the Job and its pods are gone',
      async () => {
        const gone = await getJob('shortlived').then(
          () => false,
          (err: unknown) => isApiError(err, 'NotFound'),
        );
        return gone && (await podsOf('shortlived')).length === 0;
      },
      JOB_DONE_TIMEOUT_MS + TTL_GONE_TIMEOUT_MS,
    );
  });

  it('kubectl creates a Job from flags, a CronJob, and a Job from that CronJob, and describes the Job', async () => {
    const created = await run(['create', 'job', 'hello', `--image=${TEST_BUSYBOX_IMAGE}`, '-v=8', '--', 'sh', '-c', 'echo hi']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'job.batch/hello created\n');
    assert.match(created.stderr, /POST https:\/\/\S+\/apis\/batch\/v1\/namespaces\/default\/jobs/);
    assert.match(created.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/, 'kubectl 1.32 sends the Job as protobuf');
    const waited = await run(['wait', '--for=condition=complete', 'job/hello', `--timeout=${JOB_DONE_TIMEOUT_MS / 1000}s`]);
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal((await run(['logs', 'job/hello'])).stdout, 'hi\n');

    const described = await run(['describe', 'job', 'hello']);
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /^Name:\s+hello$/m);
    assert.match(described.stdout, /^Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed$/m);
    assert.match(described.stdout, /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/m);
    assert.match(described.stdout, /Normal\s+SuccessfulCreate\s+.*job-controller\s+Created pod: hello-[a-z0-9]+$/m);
    assert.match(described.stdout, /Normal\s+Completed\s+.*job-controller\s+Job completed$/m);

    const cron = await run(['create', 'cronjob', 'every5', `--image=${TEST_BUSYBOX_IMAGE}`, "--schedule=*/5 * * * *", '--', 'sh', '-c', 'echo from-cron']);
    assert.equal(cron.code, 0, cron.stderr);
    assert.equal(cron.stdout, 'cronjob.batch/every5 created\n');
    const listed = await run(['get', 'cronjobs', 'every5']);
    assert.match(listed.stdout, /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nevery5\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s\n$/);

    const fromCron = await run(['create', 'job', 'manual', '--from=cronjob/every5']);
    assert.equal(fromCron.code, 0, fromCron.stderr);
    assert.equal(fromCron.stdout, 'job.batch/manual created\n');
    const manual = await getJob('manual');
    assert.equal(manual.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(manual.metadata.ownerReferences?.[0]?.kind, 'CronJob');
    await waitUntil('the manual Job completes', async () => Boolean(condition(await getJob('manual'), 'Complete')), JOB_DONE_TIMEOUT_MS);
    assert.equal((await run(['logs', 'job/manual'])).stdout, 'from-cron\n');
  });

  it("the README's tour: examples/job.yaml runs to completion and kubectl reads its countdown", async () => {
    const applied = await run(['apply', '-f', EXAMPLE_JOB]);
    assert.equal(applied.stdout, 'job.batch/countdown created\n', applied.stderr);
    const waited = await run(['wait', '--for=condition=complete', 'job/countdown', '--timeout=60s']);
    assert.equal(waited.stdout, 'job.batch/countdown condition met\n', waited.stderr);
    assert.match((await run(['get', 'jobs', 'countdown'])).stdout, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\ncountdown\s+Complete\s+1\/1\s+\d+s\s+\d+s\n$/);
    assert.equal((await run(['logs', 'job/countdown'])).stdout, '3...\n2...\n1...\nliftoff\n');
  });
});
