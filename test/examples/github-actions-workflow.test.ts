import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const file = path.join(__dirname, '..', '..', 'examples', 'github-actions', 'deploy.yml');
const text = readFileSync(file, 'utf8');
const workflow = parse(text) as Record<string, any>;
const jobs = workflow.jobs as Record<string, any>;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
const steps = (job: string): Step[] => jobs[job].steps;
const runs = (job: string): string[] => steps(job).flatMap((s) => (s.run ? [s.run] : []));
const MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'";

describe('the GitHub Actions example workflow', () => {
  it('runs on pull requests to main and on pushes to main', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'] } });
    expect(Object.keys(jobs)).toEqual(['test', 'diff', 'deploy-staging', 'deploy-production']);
  });

  it('reads the repository only, and asks for an OIDC token only in the jobs that use AWS', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(jobs)) {
      const usesAws = (job.steps as Step[]).some((s) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect([name, job.permissions]).toEqual([
        name,
        usesAws ? { 'id-token': 'write', contents: 'read' } : undefined,
      ]);
    }
  });

  it('pins every action by a full commit SHA, with the release tag in a comment', () => {
    const uses = [...text.matchAll(/^\s*- uses: (.+)$/gm)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThanOrEqual(13);
    for (const line of uses) expect(line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('authenticates with a role through OIDC, never with stored keys', () => {
    const credentials = Object.keys(jobs).flatMap((job) =>
      steps(job).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@')),
    );
    expect(credentials).toHaveLength(3);
    for (const step of credentials) {
      expect(Object.keys(step.with ?? {}).sort()).toEqual([
        'aws-region',
        'role-session-name',
        'role-to-assume',
      ]);
    }
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  it('tests and synthesizes on every run, without telemetry', () => {
    expect(workflow.env.CHECKPOINT_DISABLE).toBe('1');
    expect(jobs.test.if).toBeUndefined();
    expect(runs('test')).toEqual(['npm ci', 'npm test', 'npx cdktf synth']);
  });

  it('diffs both environments on pull requests with their plan roles, after the tests', () => {
    expect(jobs.diff).toMatchObject({ if: "github.event_name == 'pull_request'", needs: 'test' });
    expect(jobs.diff.environment).toBeUndefined();
    expect(jobs.diff.strategy.matrix.include).toEqual([
      { stack: 'staging', plan_role: 'AWS_PLAN_ROLE_ARN_STAGING' },
      { stack: 'production', plan_role: 'AWS_PLAN_ROLE_ARN_PRODUCTION' },
    ]);
    expect(runs('diff')).toEqual([
      'npm ci',
      'npx cdktf synth',
      'npx cdktf-model-serving-doctor ${{ matrix.stack }}',
      'npx cdktf diff ${{ matrix.stack }}',
    ]);
    expect(runs('diff').join('\n')).not.toMatch(/deploy/);
  });

  it('deploys staging on main, then production in its approval environment', () => {
    expect(jobs['deploy-staging']).toMatchObject({ if: MAIN_PUSH, needs: 'test', environment: 'staging' });
    expect(jobs['deploy-production']).toMatchObject({
      if: MAIN_PUSH,
      needs: 'deploy-staging',
      environment: 'production',
    });
    for (const stack of ['staging', 'production']) {
      expect(runs(`deploy-${stack}`)).toEqual([
        'npm ci',
        'npx cdktf synth',
        `npx cdktf-model-serving-doctor ${stack}`,
        `npx cdktf deploy ${stack} --auto-approve`,
      ]);
    }
    // a running deploy is never cancelled by the next push
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
  });

  it('installs a pinned Terraform of at least 1.10 without the output wrapper', () => {
    expect(workflow.env.TERRAFORM_VERSION).toMatch(/^1\.(1\d|[2-9]\d)\.\d+$/);
    for (const job of ['diff', 'deploy-staging', 'deploy-production']) {
      const setup = steps(job).find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'));
      expect(setup?.with).toEqual({
        terraform_version: '${{ env.TERRAFORM_VERSION }}',
        terraform_wrapper: false,
      });
    }
  });
});
