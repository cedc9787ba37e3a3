import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, cronJobFixture, defaulted, jobFixture, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Job', () => {
  it('defaults as Kubernetes: parallelism and completions 1 when both unset, backoffLimit 6, NonIndexed, not suspended', () => {
    const job = jobFixture() as Json;
    delete job.spec.completions;
    delete job.spec.parallelism;
    const out = defaulted(job as KubeObject) as Json;
    assert.equal(out.spec.completions, 1);
    assert.equal(out.spec.parallelism, 1);
    assert.equal(out.spec.backoffLimit, 6);
    assert.equal(out.spec.completionMode, 'NonIndexed');
    assert.equal(out.spec.suspend, false);
    assert.equal(out.spec.podReplacementPolicy, 'TerminatingOrFailed');
  });

  it('leaves completions unset when only parallelism is given (a work queue)', () => {
    const job = jobFixture() as Json;
    delete job.spec.completions;
    const out = defaulted(job as KubeObject) as Json;
    assert.equal(out.spec.completions, undefined);
    assert.equal(out.spec.parallelism, 2);
  });

  it('generates the selector and pod labels from the uid, and the Job wears them', () => {
    const out = defaulted(jobFixture()) as Json;
    assert.deepEqual(out.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-job' } });
    assert.deepEqual(out.spec.template.metadata.labels, {
      'batch.kubernetes.io/controller-uid': 'u-job',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-job',
      'job-name': 'pi',
    });
    assert.deepEqual(out.metadata.labels, out.spec.template.metadata.labels);
  });

  it('keeps a manual selector and asks it to match the template', () => {
    const job = jobFixture() as Json;
    job.spec.manualSelector = true;
    job.spec.selector = { matchLabels: { app: 'x' } };
    job.spec.template.metadata = { labels: { app: 'y' } };
    assert.deepEqual(createErrors(job as KubeObject), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
    ]);
  });

  it('refuses negative counts, Indexed without completions and restartPolicy Always, in upstream words', () => {
    const job = jobFixture() as Json;
    job.spec.parallelism = -1;
    job.spec.completionMode = 'Indexed';
    delete job.spec.completions;
    job.spec.backoffLimit = -2;
    delete job.spec.template.spec.restartPolicy;
    assert.deepEqual(createErrors(job as KubeObject), [
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
      'spec.completions: Required value: when completion mode is Indexed',
    ]);
  });

  it('checks the completion mode and podFailurePolicy', () => {
    const job = jobFixture() as Json;
    job.spec.completionMode = 'Sometimes';
    job.spec.template.spec.restartPolicy = 'OnFailure';
    job.spec.podFailurePolicy = { rules: [{ action: 'Explode', onExitCodes: { operator: 'In', values: [1] } }] };
    assert.deepEqual(createErrors(job as KubeObject), [
      'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
      'spec.podFailurePolicy.rules[0].action: Unsupported value: "Explode": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  it('keeps completions and the template of a started Job immutable', () => {
    const old = defaulted(jobFixture()) as Json;
    const next = structuredClone(old);
    next.spec.completions = 9;
    next.spec.template.spec.containers[0].image = 'busybox:1.37';
    assert.deepEqual(updateErrors(next as KubeObject, old as KubeObject).map((m) => m.replace(/: Invalid value: .*: /, ': ')), [
      'spec.completions: field is immutable',
      'spec.template: field is immutable',
    ]);
  });
});

describe('CronJob', () => {
  it('defaults concurrency, suspend and history limits, and not the job spec counts', () => {
    const out = defaulted(cronJobFixture()) as Json;
    assert.equal(out.spec.concurrencyPolicy, 'Allow');
    assert.equal(out.spec.suspend, false);
    assert.equal(out.spec.successfulJobsHistoryLimit, 3);
    assert.equal(out.spec.failedJobsHistoryLimit, 1);
    assert.equal(out.spec.jobTemplate.spec.backoffLimit, undefined);
    assert.equal(out.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  });

  it('reports a bad schedule with the cron library wording', () => {
    const cases: [string, string][] = [
      ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
      ['61 * * * *', 'end of range (61) above maximum (59): 61'],
      ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['TZ=UTC * * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ];
    for (const [schedule, detail] of cases) {
      const cj = cronJobFixture() as Json;
      cj.spec.schedule = schedule;
      assert.deepEqual(createErrors(cj as KubeObject), [`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${detail}`]);
    }
  });

  it('checks the time zone, the policy, the name length and the job template selector', () => {
    const cj = cronJobFixture() as Json;
    cj.metadata.name = 'n'.repeat(53);
    cj.spec.timeZone = 'Mars/Olympus';
    cj.spec.concurrencyPolicy = 'Sometimes';
    cj.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    const errs = createErrors(cj as KubeObject);
    assert.ok(errs.includes(`metadata.name: Invalid value: "${'n'.repeat(53)}": must be no more than 52 characters`), errs.join('\n'));
    assert.ok(errs.includes('spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'), errs.join('\n'));
    assert.ok(errs.includes('spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'), errs.join('\n'));
    assert.ok(errs.some((e) => e.startsWith('spec.jobTemplate.spec.selector: Invalid value: ') && e.endsWith('`selector` will be auto-generated')), errs.join('\n'));
  });

  it('accepts macros and a known time zone', () => {
    const cj = cronJobFixture() as Json;
    cj.spec.schedule = '@hourly';
    cj.spec.timeZone = 'Europe/Berlin';
    assert.deepEqual(createErrors(cj as KubeObject), []);
  });
});
