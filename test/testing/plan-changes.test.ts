import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { SagemakerModel } from '@cdktf/provider-aws/lib/sagemaker-model';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import {
  expectNoLiveReplacement,
  formatPlan,
  planChanges,
  type PlanChanges,
  type ResourceChange,
} from '../../src/testing';
import { plainStack } from '../helpers';

/** The Terraform JSON of a plain stack built by `build`. */
function synth(build: (scope: Construct) => void): string {
  const { stack } = plainStack();
  build(stack);
  return Testing.synth(stack, true);
}

function only(plan: PlanChanges, type: string): ResourceChange {
  const found = plan.resources.filter((r) => r.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

const alarm = (scope: Construct, threshold: number, name = 'acme-latency') =>
  new CloudwatchMetricAlarm(scope, 'alarm', {
    alarmName: name,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    metricName: 'Latency',
    namespace: 'AWS/SageMaker',
    period: 60,
    statistic: 'Average',
    threshold,
  });

describe('planChanges', () => {
  it('reports a new resource as created and a removed one as deleted', () => {
    const plan = planChanges(
      synth((s) => new S3Bucket(s, 'old', { bucket: 'acme-old' })),
      synth((s) => new S3Bucket(s, 'new', { bucket: 'acme-new' })),
    );
    expect(plan.resources.map((r) => [r.address, r.action])).toEqual([
      ['aws_s3_bucket.new', 'create'],
      ['aws_s3_bucket.old', 'delete'],
    ]);
  });

  it('reports an unchanged resource as a no-op and ignores data sources', () => {
    const build = (s: Construct) => {
      new DataAwsIamPolicyDocument(s, 'doc', {
        statement: [{ actions: ['s3:GetObject'], resources: ['*'] }],
      });
      alarm(s, 100);
    };
    const plan = planChanges(synth(build), synth(build));
    expect(plan.resources.map((r) => [r.address, r.action])).toEqual([
      ['aws_cloudwatch_metric_alarm.alarm', 'no-op'],
    ]);
  });

  it('lists the arguments of an in-place update', () => {
    const plan = planChanges(
      synth((s) => alarm(s, 100)),
      synth((s) => alarm(s, 250)),
    );
    expect(only(plan, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      action: 'update',
      attributes: ['threshold'],
    });
  });

  it('names the ForceNew attribute of a replacement', () => {
    const plan = planChanges(
      synth((s) => alarm(s, 100, 'acme-latency')),
      synth((s) => alarm(s, 100, 'acme-p99-latency')),
    );
    expect(only(plan, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      action: 'replace',
      forcedBy: ['alarm_name'],
      createBeforeDestroy: false,
    });
  });

  it('replaces a SageMaker endpoint when its rollback block is added or removed, but updates it when the alarms inside change', () => {
    const endpoint = (alarms: string[] | undefined) => (s: Construct) =>
      new SagemakerEndpoint(s, 'endpoint', {
        name: 'acme-recommender',
        endpointConfigName: 'acme-recommender-1',
        deploymentConfig: {
          blueGreenUpdatePolicy: {
            trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: 300 },
          },
          autoRollbackConfiguration: alarms
            ? { alarms: alarms.map((alarmName) => ({ alarmName })) }
            : undefined,
        },
      });
    const removed = planChanges(synth(endpoint(['a'])), synth(endpoint(undefined)));
    expect(only(removed, 'aws_sagemaker_endpoint')).toMatchObject({
      action: 'replace',
      forcedBy: ['deployment_config.auto_rollback_configuration'],
    });
    const changed = planChanges(synth(endpoint(['a', 'b'])), synth(endpoint(['a'])));
    expect(only(changed, 'aws_sagemaker_endpoint')).toMatchObject({
      action: 'update',
      attributes: ['deployment_config'],
    });
  });

  it('treats a change to an ignored attribute as a no-op, and ignore_changes = all as no change at all', () => {
    const target = (max: number, ignore: string[] | 'all') => (s: Construct) =>
      new AppautoscalingTarget(s, 'target', {
        serviceNamespace: 'sagemaker',
        resourceId: 'endpoint/acme/variant/current',
        scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        minCapacity: 1,
        maxCapacity: max,
        lifecycle: { ignoreChanges: ignore === 'all' ? 'all' : ignore },
      });
    expect(
      only(
        planChanges(synth(target(4, ['max_capacity'])), synth(target(8, ['max_capacity']))),
        'aws_appautoscaling_target',
      ).action,
    ).toBe('no-op');
    expect(
      only(planChanges(synth(target(4, [])), synth(target(8, []))), 'aws_appautoscaling_target'),
    ).toMatchObject({
      action: 'update',
      attributes: ['max_capacity'],
    });
    const all = (id: string) => (s: Construct) =>
      new AppautoscalingTarget(s, 'target', {
        serviceNamespace: 'sagemaker',
        resourceId: id,
        scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        minCapacity: 1,
        maxCapacity: 4,
        lifecycle: { ignoreChanges: 'all' },
      });
    expect(
      only(
        planChanges(synth(all('endpoint/a/variant/x')), synth(all('endpoint/b/variant/x'))),
        'aws_appautoscaling_target',
      ).action,
    ).toBe('no-op');
  });

  describe('with create_before_destroy', () => {
    const model = (image: string, name: string) => (s: Construct) =>
      new SagemakerModel(s, 'model', {
        name,
        executionRoleArn: 'arn:aws:iam::111111111111:role/acme',
        primaryContainer: { image },
        lifecycle: { createBeforeDestroy: true },
      });

    it('reports a replacement that keeps its unique name as a name collision', () => {
      const plan = planChanges(synth(model('repo:v1', 'acme-fraud')), synth(model('repo:v2', 'acme-fraud')));
      expect(only(plan, 'aws_sagemaker_model')).toMatchObject({
        action: 'replace',
        createBeforeDestroy: true,
        forcedBy: ['primary_container'],
        nameCollision: { name: 'acme-fraud' },
      });
      expect(formatPlan(plan)).toContain(
        '+/- aws_sagemaker_model.model must be replaced (create before destroy), forced by primary_container',
      );
      expect(formatPlan(plan)).toContain('NAME COLLISION: the new resource keeps name = "acme-fraud"');
    });

    it('accepts a replacement whose name changes', () => {
      const plan = planChanges(
        synth(model('repo:v1', 'acme-fraud-1')),
        synth(model('repo:v2', 'acme-fraud-2')),
      );
      const change = only(plan, 'aws_sagemaker_model');
      expect(change).toMatchObject({ action: 'replace', createBeforeDestroy: true });
      expect(change.nameCollision).toBeUndefined();
      expect(() =>
        expectNoLiveReplacement(
          synth(model('repo:v1', 'acme-fraud-1')),
          synth(model('repo:v2', 'acme-fraud-2')),
          { allow: ['aws_sagemaker_model'] },
        ),
      ).not.toThrow();
    });
  });

  describe('with prevent_destroy', () => {
    const bucket = (name: string, protect: boolean) => (s: Construct) =>
      new S3Bucket(s, 'bucket', { bucket: name, lifecycle: { preventDestroy: protect } });

    it('reports a replacement as a plan failure', () => {
      const plan = planChanges(synth(bucket('acme-a', true)), synth(bucket('acme-b', true)));
      expect(only(plan, 'aws_s3_bucket')).toMatchObject({
        action: 'replace',
        forcedBy: ['bucket'],
        preventDestroyFailure: true,
      });
      expect(formatPlan(plan)).toContain('PLAN FAILS: the resource has prevent_destroy');
    });

    it('reports the deletion of a protected resource (removing the block removes the protection)', () => {
      const plan = planChanges(
        synth(bucket('acme-a', true)),
        synth(() => undefined),
      );
      expect(only(plan, 'aws_s3_bucket')).toMatchObject({ action: 'delete', protectedDeletion: true });
    });
  });

  describe('references to a replaced resource', () => {
    const stack = (vpcId: string) => (s: Construct) => {
      const sg = new SecurityGroup(s, 'sg', { name: 'acme-sagemaker', vpcId });
      const role = new IamRole(s, 'role', { name: 'acme-model', assumeRolePolicy: '{}' });
      new SagemakerModel(s, 'model', {
        name: 'acme-fraud-abc123',
        executionRoleArn: role.arn,
        primaryContainer: { image: 'repo:v1' },
        vpcConfig: { securityGroupIds: [sg.id], subnets: ['subnet-1'] },
        lifecycle: { createBeforeDestroy: true },
      });
      new IamRolePolicy(s, 'policy', { role: role.name, policy: `{"sg":"${sg.arn}"}` });
    };

    it('propagate: a model whose ForceNew vpc_config references a replaced security group is replaced too, under the same name', () => {
      const plan = planChanges(synth(stack('vpc-1')), synth(stack('vpc-2')));
      expect(only(plan, 'aws_security_group')).toMatchObject({ action: 'replace', forcedBy: ['vpc_id'] });
      expect(only(plan, 'aws_sagemaker_model')).toMatchObject({
        action: 'replace',
        forcedBy: ['vpc_config'],
        causedBy: ['aws_security_group.sg'],
        nameCollision: { name: 'acme-fraud-abc123' },
      });
      // a non-ForceNew reference is updated in place; a reference to an unchanged resource stays
      expect(only(plan, 'aws_iam_role_policy')).toMatchObject({ action: 'update', attributes: ['policy'] });
      expect(only(plan, 'aws_iam_role').action).toBe('no-op');
    });

    it("keep a replaced resource's configured name: a reference to it is unchanged", () => {
      const build = (roleName: string, path: string) => (s: Construct) => {
        const role = new IamRole(s, 'role', { name: roleName, path, assumeRolePolicy: '{}' });
        new IamRolePolicy(s, 'policy', { role: role.name, policy: '{}' });
      };
      const plan = planChanges(synth(build('acme-model', '/a/')), synth(build('acme-model', '/b/')));
      expect(only(plan, 'aws_iam_role')).toMatchObject({ action: 'replace', forcedBy: ['path'] });
      expect(only(plan, 'aws_iam_role_policy').action).toBe('no-op');
    });
  });

  it('replaces a Deployment when its selector changes and updates it when only the template does', () => {
    const deployment = (selector: string, image: string) => (s: Construct) => {
      new KubernetesProvider(s, 'kubernetes', {});
      new DeploymentV1(s, 'deployment', {
        metadata: { name: 'fraud', namespace: 'models' },
        spec: {
          selector: { matchLabels: { app: selector } },
          template: {
            metadata: { labels: { app: selector } },
            spec: { container: [{ name: 'model', image }] },
          },
        },
      });
    };
    expect(
      only(
        planChanges(synth(deployment('fraud', 'a')), synth(deployment('fraud', 'b'))),
        'kubernetes_deployment_v1',
      ).action,
    ).toBe('update');
    expect(
      only(
        planChanges(synth(deployment('fraud', 'a')), synth(deployment('fraud-green', 'a'))),
        'kubernetes_deployment_v1',
      ),
    ).toMatchObject({
      action: 'replace',
      forcedBy: ['spec.selector'],
    });
  });
});

describe('expectNoLiveReplacement', () => {
  const bucket = (name: string) => synth((s) => new S3Bucket(s, 'bucket', { bucket: name }));

  it('throws a plan-like report naming the replaced resource', () => {
    expect(() => expectNoLiveReplacement(bucket('acme-a'), bucket('acme-b'))).toThrow(
      'the change replaces or deletes 1 live resource(s):\n-/+ aws_s3_bucket.bucket must be replaced (destroy, then create), forced by bucket',
    );
  });

  it('accepts allowed replacements and returns the plan of a safe change', () => {
    expect(() =>
      expectNoLiveReplacement(bucket('acme-a'), bucket('acme-b'), { allow: ['aws_s3_bucket.bucket'] }),
    ).not.toThrow();
    expect(expectNoLiveReplacement(bucket('acme-a'), bucket('acme-a')).resources[0].action).toBe('no-op');
  });

  it('prints a summary line like terraform plan', () => {
    expect(formatPlan(planChanges(bucket('acme-a'), bucket('acme-b')))).toMatch(
      /Plan: 1 to add, 0 to change, 1 to destroy\.$/,
    );
  });
});

describe('an ECR lifecycle policy (no update: any change replaces it)', () => {
  const policy = (rules: object[]) => (s: Construct) =>
    new EcrLifecyclePolicy(s, 'lifecycle', { repository: 'acme-fraud', policy: JSON.stringify({ rules }) });
  const keep = (priority: number, tag: string) => ({
    rulePriority: priority,
    selection: {
      tagStatus: 'tagged',
      tagPatternList: [tag],
      countType: 'imageCountMoreThan',
      countNumber: 9999,
    },
    action: { type: 'expire' },
  });

  it('is unchanged when only the order of its rules differs (the provider compares rules by priority)', () => {
    const plan = planChanges(
      synth(policy([keep(1, 'v1'), keep(2, 'v2')])),
      synth(policy([keep(2, 'v2'), keep(1, 'v1')])),
    );
    expect(only(plan, 'aws_ecr_lifecycle_policy').action).toBe('no-op');
  });

  it('is replaced when a rule of the same priority keeps another tag', () => {
    const plan = planChanges(
      synth(policy([keep(1, 'v1'), keep(2, 'v2')])),
      synth(policy([keep(1, 'v2'), keep(2, 'v1')])),
    );
    expect(only(plan, 'aws_ecr_lifecycle_policy')).toMatchObject({ action: 'replace', forcedBy: ['policy'] });
  });
});

describe('data sources and moved blocks', () => {
  const stack = (actions: string[]) => (s: Construct) => {
    const doc = new DataAwsIamPolicyDocument(s, 'doc', { statement: [{ actions, resources: ['*'] }] });
    new IamRolePolicy(s, 'policy', { name: 'read', role: 'acme-model', policy: doc.json });
  };

  it('a changed data source changes the values read from it', () => {
    const plan = planChanges(synth(stack(['s3:GetObject'])), synth(stack(['s3:GetObject', 's3:ListBucket'])));
    expect(only(plan, 'aws_iam_role_policy')).toMatchObject({ action: 'update', attributes: ['policy'] });
  });

  it('a moved block keeps the resource (no delete and create)', () => {
    const before = { resource: { aws_sns_topic: { old: { name: 'acme-alerts' } } } };
    const after = {
      resource: { aws_sns_topic: { new: { name: 'acme-alerts' } } },
      moved: [{ from: 'aws_sns_topic.old', to: 'aws_sns_topic.new' }],
    };
    expect(planChanges(before, after).resources.map((r) => [r.address, r.action])).toEqual([
      ['aws_sns_topic.new', 'no-op'],
    ]);
  });
});

it('accepts stacks, Terraform JSON text and parsed JSON alike', () => {
  const build = (name: string) => {
    const { stack } = plainStack();
    new S3Bucket(stack, 'bucket', { bucket: name });
    return stack;
  };
  const text = Testing.synth(build('acme-b'), true);
  for (const after of [build('acme-b'), text, JSON.parse(text)]) {
    expect(only(planChanges(build('acme-a'), after), 'aws_s3_bucket')).toMatchObject({
      action: 'replace',
      forcedBy: ['bucket'],
    });
  }
});
