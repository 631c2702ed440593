import { Testing } from 'cdktf';
import { ModelServingEnvironment, type ModelServingEnvironmentProps } from '../../src';
import {
  expectNoLiveReplacement,
  planChanges,
  type PlanChanges,
  type ResourceChange,
} from '../../src/testing';
import { production } from '../../stacks/production';
import { staging } from '../../stacks/staging';

// Day-2 changes of this repository's own environments, analysed with the change-safety helper.
// These tests document what the current design plans; where it is unsafe they assert the unsafe
// result so that fixing the design flips them (issue 11).

const synth = (name: string, spec: ModelServingEnvironmentProps): string =>
  Testing.synth(new ModelServingEnvironment(Testing.app(), name, spec), true);

/** The spec after `edit`, on a deep copy of `spec`. */
function edited(spec: ModelServingEnvironmentProps, edit: (s: any) => void): ModelServingEnvironmentProps {
  const copy = structuredClone(spec) as any;
  edit(copy);
  return copy;
}
const model = (s: any, name: string) => s.models.find((m: any) => m.name === name);

function one(plan: PlanChanges, type: string, fragment = ''): ResourceChange {
  const found = plan.resources.filter((r) => r.type === type && r.address.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} *${fragment}*, found ${found.length}`);
  return found[0];
}
const actions = (plan: PlanChanges, type: string) =>
  plan.resources
    .filter((r) => r.type === type && r.action !== 'no-op')
    .map((r) => [r.address.split('.')[1], r.action]);

let productionBefore: string;
let stagingBefore: string;
beforeAll(() => {
  productionBefore = synth('production', production);
  stagingBefore = synth('staging', staging);
});

describe('ending the A/B test of the production SageMaker model (removing the challenger variant)', () => {
  let after: string;
  beforeAll(() => {
    after = synth(
      'production',
      edited(production, (s) => {
        model(s, 'recommender').serving.variants = [{ name: 'current', weight: 100 }];
      }),
    );
  });

  it('leaves the endpoint rollback block as it is: only the endpoint configuration moves, in place', () => {
    const plan = planChanges(productionBefore, after);
    expect(one(plan, 'aws_sagemaker_endpoint')).toMatchObject({
      action: 'update',
      attributes: ['endpoint_config_name'],
    });
    const config = one(plan, 'aws_sagemaker_endpoint_configuration');
    expect(config).toMatchObject({ action: 'replace', createBeforeDestroy: true });
    expect(config.nameCollision).toBeUndefined();
  });

  it('replaces no endpoint even when any change inside a ForceNew block counts as a replacement', () => {
    const plan = expectNoLiveReplacement(productionBefore, after, {
      forceNewBlocks: 'anyChange',
      liveTypes: ['aws_sagemaker_endpoint'],
    });
    expect(one(plan, 'aws_sagemaker_endpoint').action).toBe('update');
  });

  it('replaces and deletes no live resource under the plugin SDK rule (the README example)', () => {
    const plan = expectNoLiveReplacement(productionBefore, after, {
      liveTypes: [
        'aws_sagemaker_endpoint',
        'aws_ecr_repository',
        'aws_s3_bucket',
        'aws_kms_key',
        'aws_eks_cluster',
      ],
    });
    expect(
      plan.resources
        .filter((r) => r.action === 'replace')
        .map((r) => r.type)
        .sort(),
    ).toEqual(['aws_ecr_lifecycle_policy', 'aws_sagemaker_endpoint_configuration']);
  });

  it('deletes the challenger model, its alarms and its scaling, and replaces the ECR lifecycle policy', () => {
    const plan = planChanges(productionBefore, after);
    expect(one(plan, 'aws_sagemaker_model', 'model-challenger').action).toBe('delete');
    expect(one(plan, 'aws_ecr_lifecycle_policy', 'recommender')).toMatchObject({
      action: 'replace',
      forcedBy: ['policy'],
    });
  });
});

it('a version bump on any target replaces its ECR lifecycle policy (policy is ForceNew; the resource has no update)', () => {
  const after = synth(
    'production',
    edited(production, (s) => {
      model(s, 'sentiment').version = 'v1.1.0';
    }),
  );
  const plan = planChanges(productionBefore, after);
  expect(actions(plan, 'aws_ecr_lifecycle_policy')).toEqual([
    [expect.stringContaining('sentiment'), 'replace'],
  ]);
  expect(one(plan, 'aws_lambda_function')).toMatchObject({
    action: 'update',
    attributes: ['environment', 'image_uri'],
  });
});

it("raising production's Lambda provisioned-concurrency max reaches no resource while its schedules own the bounds (a synth warning says so)", () => {
  const after = synth(
    'production',
    edited(production, (s) => {
      model(s, 'sentiment').serving.provisionedConcurrency.max = 60;
    }),
  );
  expect(planChanges(productionBefore, after).resources.filter((r) => r.action !== 'no-op')).toEqual([]);
});

it('switching the staging Kubernetes model from blue/green to canary without naming the live track (liveTrack) deletes both live Deployments', () => {
  const after = synth(
    'staging',
    edited(staging, (s) => {
      model(s, 'fraud').serving.rollout = { strategy: 'canary', stableVersion: 'v1.3.0', canaryWeight: 10 };
    }),
  );
  const plan = planChanges(stagingBefore, after);
  const deployments = actions(plan, 'kubernetes_deployment_v1').map(([address, action]) => [
    /deployment-(\w+?)_/.exec(address!)![1],
    action,
  ]);
  expect(deployments).toEqual([
    ['blue', 'delete'],
    ['canary', 'create'],
    ['green', 'delete'],
    ['stable', 'create'],
  ]);
});

it('changing the instance types of a GPU node group replaces it, destroying the old one first', () => {
  const after = synth(
    'production',
    edited(production, (s) => {
      s.cluster.gpuNodeGroups[1].instanceTypes = ['g6e.xlarge'];
    }),
  );
  expect(one(planChanges(productionBefore, after), 'aws_eks_node_group', 'l40s')).toMatchObject({
    action: 'replace',
    forcedBy: ['instance_types'],
    createBeforeDestroy: false,
  });
});

it('covers every resource type both environments emit with replacement rules', () => {
  expect(planChanges(productionBefore, stagingBefore).unknownTypes).toEqual([]);
});

it('a blue/green switch alone leaves the ECR lifecycle policy as it is (its keep rules are sorted)', () => {
  const after = synth(
    'staging',
    edited(staging, (s) => {
      model(s, 'fraud').serving.rollout.active = 'blue';
    }),
  );
  const plan = planChanges(stagingBefore, after);
  expect(one(plan, 'aws_ecr_lifecycle_policy', 'fraud').action).toBe('no-op');
  expect(actions(plan, 'kubernetes_deployment_v1')).toEqual([]);
});
