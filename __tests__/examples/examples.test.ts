/**
 * The two pipelines users copy (examples/) must work as written: every input they give exists in
 * action.yml / the task's task.json, required inputs are given, the plan and report reach the jobs
 * that need them, and retire-source can only run after an approval (an environment) and after verify.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { inputsFor } from '../../src/core/inputs/read.js';
import { camelCase, COMMANDS, type CommandName } from '../../src/core/inputs/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const load = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML documents

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML documents

function closure(start: string, edges: (name: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...edges(start)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...edges(next));
  }
  return seen;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [String(value)]);

describe('examples/github/relocate.yml', () => {
  const workflow: Doc = load('examples/github/relocate.yml');
  const action: Doc = load('action.yml');
  const jobs = Object.entries(workflow.jobs as Record<string, Doc>);
  const needs = (name: string) => list(workflow.jobs[name]?.needs);
  const acrSteps = jobs.flatMap(([job, body]) =>
    (body.steps as Doc[])
      .filter((s) => /\/acr-relocate@v\d+$/.test(String(s.uses ?? '')))
      .map((step) => ({ job, body, step, command: step.with?.command as CommandName })),
  );
  const fromEarlierRun = (body: Doc) => (body.steps as Doc[]).some((s) => s.with?.['run-id']);
  const jobOf = (command: CommandName, earlierRun = false) =>
    acrSteps.find((s) => s.command === command && fromEarlierRun(s.body) === earlierRun)!;

  it('uses the action for every command, with inputs action.yml declares and the required ones given', () => {
    expect([...new Set(acrSteps.map((s) => s.command))].sort()).toEqual([...COMMANDS].sort());
    for (const { step, command } of acrSteps) {
      for (const key of Object.keys(step.with))
        expect([command, key, key in action.inputs]).toEqual([command, key, true]);
      const required = inputsFor(command, 'github').filter((spec) => spec.requiredFor?.includes(command));
      for (const spec of required)
        expect([command, spec.name, spec.name in step.with]).toEqual([command, spec.name, true]);
    }
  });

  it('signs in with OIDC and allows one relocation of a registry at a time', () => {
    expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(workflow.concurrency).toMatchObject({
      group: expect.stringContaining('SOURCE_REGISTRY'),
      'cancel-in-progress': false,
    });
    for (const [, body] of jobs) if (body.permissions) expect(body.permissions['id-token']).toBe('write');
  });

  it('puts an approval (environment) before redeploy and before retire-source, which runs only after verify', () => {
    expect(jobOf('redeploy').body.environment).toBeTruthy();
    const retire = jobOf('retire-source');
    expect(retire.body.environment).toBeTruthy();
    expect(needs(retire.job)).toContain(jobOf('verify').job);
    expect(retire.body.if).toMatch(/needs\.verify\.outputs\.verified == 'true'/);
    // After a brownout, retire-source acts on the plan and verified report of the run that disabled the source.
    const after = jobOf('retire-source', true);
    expect(after.body.environment).toBe(retire.body.environment);
    const download = (after.body.steps as Doc[]).find((s) => s.with?.['run-id'])!;
    const retireUploads = (retire.body.steps as Doc[]).filter((s) =>
      String(s.uses).startsWith('actions/upload-artifact@'),
    );
    expect(retireUploads.map((s) => s.with.name)).toContain(download.with.name);
    expect(retireUploads.every((s) => s.if === 'always()')).toBe(true);
  });

  it('hands the plan and the report from job to job as artifacts of jobs they depend on', () => {
    const uploads = new Map(
      jobs.map(([job, body]) => [
        job,
        (body.steps as Doc[])
          .filter((s) => String(s.uses).startsWith('actions/upload-artifact@'))
          .map((s) => s.with.name),
      ]),
    );
    for (const [job, body] of jobs) {
      for (const download of (body.steps as Doc[]).filter((s) =>
        String(s.uses).startsWith('actions/download-artifact@'),
      )) {
        if (download.with['run-id']) continue; // from an earlier run (after a brownout)
        const upstream = [...closure(job, needs)].flatMap((j) => uploads.get(j) ?? []);
        expect([job, download.with.name, upstream.includes(download.with.name)]).toEqual([
          job,
          download.with.name,
          true,
        ]);
      }
    }
    const retire = jobOf('retire-source');
    expect(retire.step.with['report-path']).toBe(jobOf('verify').step.with['report-path']);
  });
});

describe('examples/azure-pipelines/relocate.yml', () => {
  const pipeline: Doc = load('examples/azure-pipelines/relocate.yml');
  const stages = pipeline.stages as Doc[];
  const jobsOf = (stage: Doc) => stage.jobs as Doc[];
  const stepsOf = (job: Doc): Doc[] => job.steps ?? job.strategy?.runOnce?.deploy?.steps ?? [];
  const tasks = stages.flatMap((stage) =>
    jobsOf(stage).flatMap((job) =>
      stepsOf(job)
        .filter((s) => /^AcrRelocate\w+@\d+$/.test(s.task ?? ''))
        .map((step) => ({ stage, job, step })),
    ),
  );
  const fromEarlierRun = (job: Doc) => stepsOf(job).some((s) => s.inputs?.buildType === 'specific');
  const stageWith = (task: string, earlierRun = false) =>
    tasks.find((t) => t.step.task.startsWith(`${task}@`) && fromEarlierRun(t.job) === earlierRun)!;
  const dependsOn = (name: string) => list(stages.find((s) => s.stage === name)?.dependsOn);

  it('uses a task per command at its current major version, with inputs its task.json declares', () => {
    const names = new Set(tasks.map((t) => t.step.task.split('@')[0]));
    expect([...names].sort()).toEqual(
      COMMANDS.map((c) => `AcrRelocate${camelCase(c).replace(/^./, (x) => x.toUpperCase())}`).sort(),
    );
    for (const { step } of tasks) {
      const [name, major] = step.task.split('@');
      const file = join(ROOT, 'tasks', name, 'task.json');
      expect([name, existsSync(file)]).toEqual([name, true]);
      const task = JSON.parse(readFileSync(file, 'utf8'));
      expect([name, Number(major)]).toEqual([name, task.version.Major]);
      const declared = new Set((task.inputs as Doc[]).flatMap((i) => [i.name, ...(i.aliases ?? [])]));
      for (const key of Object.keys(step.inputs)) expect([name, key, declared.has(key)]).toEqual([name, key, true]);
      for (const input of (task.inputs as Doc[]).filter((i) => i.required))
        expect([name, input.name, input.name in step.inputs]).toEqual([name, input.name, true]);
    }
  });

  it('runs redeploy and retire-source in deployment jobs on environments (approvals and checks)', () => {
    for (const t of [
      stageWith('AcrRelocateRedeploy'),
      stageWith('AcrRelocateRetireSource'),
      stageWith('AcrRelocateRetireSource', true),
    ]) {
      expect(t.job.deployment).toBeTruthy();
      expect(t.job.environment).toBeTruthy();
    }
    expect(stageWith('AcrRelocateRetireSource').job.environment).toBe(
      stageWith('AcrRelocateRetireSource', true).job.environment,
    );
    // After a brownout: the plan and verified report of the run that disabled the source.
    const download = stepsOf(stageWith('AcrRelocateRetireSource', true).job).find(
      (s) => s.inputs?.buildType === 'specific',
    )!;
    const published = stepsOf(stageWith('AcrRelocateRetireSource').job).filter((s) => s.publish);
    expect(published.map((s) => s.artifact)).toContain(download.inputs.artifact);
  });

  it('retires only after the Verify stage passed', () => {
    const retire = stageWith('AcrRelocateRetireSource').stage;
    const verify = stageWith('AcrRelocateVerify');
    expect(dependsOn(retire.stage)).toContain(verify.stage.stage);
    expect(retire.condition).toContain(
      `dependencies.${verify.stage.stage}.outputs['${verify.job.job}.${verify.step.name}.verified']`,
    );
  });

  it('shows ManualValidation@1 only as an extra pause in an agentless job, never as the gate', () => {
    const pauses = stages.flatMap((stage) =>
      jobsOf(stage)
        .filter((job) => stepsOf(job).some((s) => s.task === 'ManualValidation@1'))
        .map((job) => ({ stage, job })),
    );
    expect(pauses.length).toBeGreaterThan(0);
    for (const { stage, job } of pauses) {
      expect(job.pool).toBe('server');
      expect(jobsOf(stage).some((j) => j.deployment && j.environment && list(j.dependsOn).includes(job.job))).toBe(
        true,
      );
    }
  });

  it('hands the plan and report on as pipeline artifacts of stages it depends on', () => {
    const published = new Map(
      stages.map((stage) => [
        stage.stage,
        jobsOf(stage).flatMap((job) =>
          stepsOf(job)
            .filter((s) => s.publish)
            .map((s) => s.artifact),
        ),
      ]),
    );
    for (const stage of stages) {
      for (const job of jobsOf(stage)) {
        for (const download of stepsOf(job).filter(
          (s) => s.task === 'DownloadPipelineArtifact@2' && s.inputs.buildType !== 'specific',
        )) {
          const upstream = [...closure(stage.stage, dependsOn)].flatMap((name) => published.get(name) ?? []);
          expect([stage.stage, download.inputs.artifact, upstream.includes(download.inputs.artifact)]).toEqual([
            stage.stage,
            download.inputs.artifact,
            true,
          ]);
        }
      }
    }
  });
});
