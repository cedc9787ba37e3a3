// flotctl create job / create cronjob against the real apiserver: the objects
// stored (shaped as kubectl makes them), a Job from a CronJob's template,
// `get jobs` and `get cronjobs` columns, and bad flags refused before sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from '../../api/types/batch.js';
import { resources } from '../../api/resources.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

const env = useControlPlane({}, {});
const IMAGE = 'flotilla/busybox:1.35';

test('create job --image -- cmd stores one Never-restarting container named after the job; get jobs prints its columns', async () => {
  const created = await flotctl(env.address, ['create', 'job', 'hello', `--image=${IMAGE}`, '--', 'sh', '-c', 'echo hi']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'job.batch/hello created\n');
  const job = await env.client.get<Job>(resources.jobs, 'default', 'hello');
  const pod = job.spec.template.spec;
  assert.equal(pod.restartPolicy, 'Never');
  assert.deepEqual(pod.containers.map((c) => [c.name, c.image, c.command]), [['hello', IMAGE, ['sh', '-c', 'echo hi']]]);
  assert.equal(job.spec.completions, 1);
  const got = await flotctl(env.address, ['get', 'jobs']);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nhello\s+Running\s+0\/1\s+\S*\s+\S+\n$/);
});

test('create cronjob stores the schedule and an OnFailure template; get cronjobs prints its columns', async () => {
  const created = await flotctl(env.address, ['create', 'cronjob', 'ticker', `--image=${IMAGE}`, '--schedule=*/5 * * * *', '--', 'date']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'cronjob.batch/ticker created\n');
  const cj = await env.client.get<CronJob>(resources.cronJobs, 'default', 'ticker');
  assert.equal(cj.spec.schedule, '*/5 * * * *');
  assert.equal(cj.spec.jobTemplate.spec.template.spec.restartPolicy, 'OnFailure');
  assert.deepEqual(cj.spec.jobTemplate.spec.template.spec.containers[0].command, ['date']);
  const got = await flotctl(env.address, ['get', 'cronjobs']);
  assert.match(got.stdout, /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nticker\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+\n$/);
});

test('create job --from=cronjob/x copies the template, marks the run manual and is controlled by the CronJob', async () => {
  await flotctl(env.address, ['create', 'cronjob', 'nightly', `--image=${IMAGE}`, '--schedule=0 3 * * *', '--', 'echo', 'night']);
  const cj = await env.client.get<CronJob>(resources.cronJobs, 'default', 'nightly');
  const created = await flotctl(env.address, ['create', 'job', 'manual-run', '--from=cronjob/nightly']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'job.batch/manual-run created\n');
  const job = await env.client.get<Job>(resources.jobs, 'default', 'manual-run');
  assert.equal(job.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cj.metadata.uid, controller: true }]);
  assert.deepEqual(job.spec.template.spec.containers[0].command, ['echo', 'night']);
  assert.equal(job.spec.template.spec.restartPolicy, 'OnFailure');
});

test('bad create job / cronjob flags are refused as kubectl refuses them, and nothing is stored', async () => {
  const neither = await flotctl(env.address, ['create', 'job', 'x']);
  assert.notEqual(neither.code, 0);
  assert.match(neither.stderr, /either --image or --from must be specified/);
  const both = await flotctl(env.address, ['create', 'job', 'x', `--image=${IMAGE}`, '--from=cronjob/nightly']);
  assert.match(both.stderr, /either --image or --from must be specified/);
  const fromWithCommand = await flotctl(env.address, ['create', 'job', 'x', '--from=cronjob/nightly', '--', 'true']);
  assert.match(fromWithCommand.stderr, /cannot specify --from and command/);
  const notCron = await flotctl(env.address, ['create', 'job', 'x', '--from=deployment/web']);
  assert.match(notCron.stderr, /from must be an existing cronjob: deployment\/web/);
  const missing = await flotctl(env.address, ['create', 'job', 'x', '--from=cronjob/absent']);
  assert.match(missing.stderr, /cronjobs(\.batch)? "absent" not found/);
  const badSchedule = await flotctl(env.address, ['create', 'cronjob', 'bad', `--image=${IMAGE}`, '--schedule=61 * * * *']);
  assert.match(badSchedule.stderr, /CronJob.batch "bad" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*": end of range \(61\) above maximum \(59\)/);
  const noSchedule = await flotctl(env.address, ['create', 'cronjob', 'bad', `--image=${IMAGE}`]);
  assert.match(noSchedule.stderr, /required flag\(s\) "schedule" not set/);
  await assert.rejects(env.client.get(resources.jobs, 'default', 'x'));
  await assert.rejects(env.client.get(resources.cronJobs, 'default', 'bad'));
});
