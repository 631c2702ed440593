import { type ModelServingEnvironmentProps, type ModelSpec } from '../src';
import { production } from '../stacks/production';
import { staging } from '../stacks/staging';
import { type Synthesized, rejectSpec, synthEnvironment } from './helpers';

/**
 * What each block of the synthesized JSON depends on: its `depends_on` and every block its
 * arguments reference (`${type.name...}`, `${data.type.name...}`), as Terraform orders them.
 */
function dependencyGraph(out: Synthesized): Map<string, Set<string>> {
  const addresses = new Set<string>();
  const blocks: Array<[string, unknown]> = [];
  for (const [prefix, section] of [
    ['', out.json.resource],
    ['data.', out.json.data],
  ] as const) {
    for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [name, props] of Object.entries(byName)) {
        addresses.add(`${prefix}${type}.${name}`);
        blocks.push([`${prefix}${type}.${name}`, props]);
      }
    }
  }
  const graph = new Map<string, Set<string>>();
  const reference = /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/g;
  for (const [address, props] of blocks) {
    const edges = new Set<string>();
    const text = JSON.stringify(props);
    for (const match of text.match(reference) ?? []) {
      if (addresses.has(match) && match !== address) edges.add(match);
    }
    graph.set(address, edges);
  }
  return graph;
}

/** Every block `address` waits for, directly or through others. */
function dependenciesOf(graph: Map<string, Set<string>>, address: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...(graph.get(address) ?? [])];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(graph.get(next) ?? []));
  }
  return seen;
}

/** The address of a model's gate, as `depends_on` lists it. */
const gateOf = (out: Synthesized, model: string) =>
  out.dataRef('aws_ecr_images', `models/${model}/image-gate/images`, 'id').replace(/\.id$/, '');

/** Resource types that run a model's image, or serve what runs it. */
const SERVING_TYPES = [
  'aws_lambda_function',
  'aws_lambda_alias',
  'aws_lambda_provisioned_concurrency_config',
  'aws_lambda_function_url',
  'aws_sagemaker_model',
  'aws_sagemaker_endpoint_configuration',
  'aws_sagemaker_endpoint',
  'kubernetes_deployment_v1',
];
/** What runs the image: depends on the gate directly. */
const RUNS_IMAGE = ['aws_lambda_function', 'aws_sagemaker_model', 'kubernetes_deployment_v1'];
/** What the first apply creates even while an image is missing. */
const FOUNDATION_TYPES = [
  'aws_ecr_repository',
  'aws_ecr_lifecycle_policy',
  'aws_ecr_repository_policy',
  'aws_s3_bucket',
  'aws_kms_key',
  'aws_vpc',
  'aws_subnet',
  'aws_nat_gateway',
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_eks_addon',
  'helm_release',
];

describe.each<[string, ModelServingEnvironmentProps]>([
  ['staging', staging],
  ['production', production],
])("the %s stack's image gates", (name, spec) => {
  const { out } = synthEnvironment(name, spec);
  const graph = dependencyGraph(out);
  const models = (spec.models ?? []).map((m) => m.name);
  const gates = models.map((m) => gateOf(out, m));

  it('stand before everything that runs an image: functions, SageMaker models, Deployments', () => {
    let checked = 0;
    for (const type of RUNS_IMAGE) {
      for (const block of out.resources(type)) {
        const model = models.find((m) => block.path.startsWith(`/models/${m}/`));
        expect(model).toBeDefined();
        expect(block.props.depends_on).toContain(gateOf(out, model!));
        checked += 1;
      }
    }
    // staging: 2 colours + 1 SageMaker model + 1 function; production: stable and canary + 2 variants + 1
    expect(checked).toBe(name === 'staging' ? 4 : 5);
  });

  it("and so before every alias, endpoint configuration and endpoint: each waits for its model's gate", () => {
    let checked = 0;
    for (const type of SERVING_TYPES) {
      for (const block of out.resources(type)) {
        checked += 1;
        const model = models.find((m) => block.path.startsWith(`/models/${m}/`))!;
        expect([
          type,
          block.id,
          dependenciesOf(graph, `${type}.${block.id}`).has(gateOf(out, model)),
        ]).toEqual([type, block.id, true]);
      }
    }
    // the above, plus an alias, provisioned concurrency, an endpoint configuration and an endpoint
    expect(checked).toBe(name === 'staging' ? 8 : 9);
  });

  it('leave the repositories, bucket, key, network, cluster and add-ons free to be created first', () => {
    let checked = 0;
    for (const type of FOUNDATION_TYPES) {
      for (const block of out.resources(type)) {
        const waitsFor = dependenciesOf(graph, `${type}.${block.id}`);
        expect([type, block.id, gates.filter((g) => waitsFor.has(g))]).toEqual([type, block.id, []]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("read each model's own repository", () => {
    for (const model of models) {
      const gate = out.dataSource('aws_ecr_images', `models/${model}/image-gate/images`);
      expect(gate.repository_name).toBe(
        out.ref('aws_ecr_repository', `models/${model}/image/repository`, 'name'),
      );
      expect(gate.registry_id).toBe(
        out.ref('aws_ecr_repository', `models/${model}/image/repository`, 'registry_id'),
      );
    }
  });
});

/** The tags a model's gate requires, in its postconditions. */
function gatedTags(out: Synthesized, model: string): string[] {
  const gate = out.dataSource('aws_ecr_images', `models/${model}/image-gate/images`);
  return gate.lifecycle.postcondition.map((p: { condition: string }) => {
    const match = /^\$\{contains\(self\.image_ids\[\*\]\.image_tag, "([^"]+)"\)\}$/.exec(p.condition);
    expect(match).not.toBeNull();
    return match![1];
  });
}

const INGRESS =
  staging.models![0].serving.kind === 'kubernetes' ? staging.models![0].serving.ingress : undefined;

function withModel(model: ModelSpec): ModelServingEnvironmentProps {
  return { ...staging, models: [model] };
}

describe('an image gate requires every tag the model deploys', () => {
  it.each<[string, ModelSpec, string[]]>([
    [
      'a rolling Kubernetes model: its version',
      { name: 'fraud', version: 'v2', serving: { kind: 'kubernetes', rollout: { strategy: 'rolling' } } },
      ['v2'],
    ],
    [
      'a Kubernetes canary: the stable and the canary version',
      {
        name: 'fraud',
        version: 'v2',
        serving: {
          kind: 'kubernetes',
          ingress: INGRESS,
          rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 },
        },
      },
      ['v1', 'v2'],
    ],
    [
      'a promoted Kubernetes canary: the one version',
      {
        name: 'fraud',
        version: 'v2',
        serving: {
          kind: 'kubernetes',
          ingress: INGRESS,
          rollout: { strategy: 'canary', stableVersion: 'v2', canaryWeight: 0 },
        },
      },
      ['v2'],
    ],
    [
      'a Kubernetes blue/green: both colours',
      {
        name: 'fraud',
        version: 'v2',
        serving: {
          kind: 'kubernetes',
          rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1', greenVersion: 'v2' },
        },
      },
      ['v2', 'v1'],
    ],
    [
      'SageMaker variants and a shadow: each version once',
      {
        name: 'recommender',
        version: 'v2',
        serving: {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          variants: [
            { name: 'current', weight: 90 },
            { name: 'challenger', version: 'v3', weight: 10 },
          ],
        },
      },
      ['v2', 'v3'],
    ],
    [
      'a SageMaker shadow',
      {
        name: 'recommender',
        version: 'v2',
        serving: {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          shadow: { version: 'v3', instanceCount: 1, samplingPercent: 10 },
        },
      },
      ['v2', 'v3'],
    ],
    [
      'a Lambda model: its version',
      { name: 'sentiment', version: 'v7', serving: { kind: 'lambda' } },
      ['v7'],
    ],
  ])('%s', (_title, model, tags) => {
    const { out } = synthEnvironment('staging', withModel(model));
    expect(gatedTags(out, model.name)).toEqual(tags);
  });
});

describe('images from a central registry', () => {
  const spec: ModelServingEnvironmentProps = {
    ...staging,
    images: { registry: { accountId: '999999999999', repositoryPrefix: 'ml-builds' } },
  };
  const { out } = synthEnvironment('staging', spec);
  const partition = '${data.aws_partition.aws-context_partition_9ECE3875.partition}';
  const arnOf = (model: string) =>
    `arn:${partition}:ecr:us-east-1:999999999999:repository/ml-builds/${model}`;

  it('create no repository, lifecycle policy, repository policy or scanning configuration', () => {
    for (const type of [
      'aws_ecr_repository',
      'aws_ecr_lifecycle_policy',
      'aws_ecr_repository_policy',
      'aws_ecr_registry_scanning_configuration',
    ]) {
      expect([type, out.resources(type)]).toEqual([type, []]);
    }
  });

  it("gate on the registry's repositories, in its account", () => {
    for (const model of ['fraud', 'recommender', 'sentiment']) {
      expect(out.dataSource('aws_ecr_images', `models/${model}/image-gate/images`)).toMatchObject({
        repository_name: `ml-builds/${model}`,
        registry_id: '999999999999',
        region: 'us-east-1',
      });
    }
  });

  it('run the images from there and grant every role pull on the foreign repository', () => {
    const suffix = '${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}';
    const host = `999999999999.dkr.ecr.us-east-1.${suffix}`;
    expect(out.resource('aws_lambda_function').image_uri).toBe(`${host}/ml-builds/sentiment:v1.1.0`);
    expect(out.resource('aws_sagemaker_model').primary_container.image).toBe(
      `${host}/ml-builds/recommender:v2.2.0-rc1`,
    );
    const green = out.resource('kubernetes_deployment_v1', 'deployment-green').spec.template.spec
      .container[0];
    expect(green.image).toBe(`${host}/ml-builds/fraud:v1.4.0`);
    for (const [model, role] of [
      ['sentiment', 'models/sentiment/lambda/function/role'],
      ['recommender', 'models/recommender/sagemaker/role'],
      ['fraud', 'models/fraud/kubernetes/role'],
    ]) {
      const policy = out.resource('aws_iam_role_policy', `${role}/inline-policy`).policy;
      const pull = out
        .policyStatements(policy)
        .find((s) => (s.actions as string[]).includes('ecr:BatchGetImage'));
      expect([model, pull?.resources]).toEqual([model, [arnOf(model)]]);
    }
  });

  it('allow a registry in another region when only Kubernetes models use it', () => {
    const kubernetesOnly = synthEnvironment('staging', {
      ...staging,
      models: [staging.models![0]],
      images: { registry: { accountId: '999999999999', region: 'eu-west-1' } },
    }).out;
    expect(kubernetesOnly.dataSource('aws_ecr_images')).toMatchObject({
      repository_name: 'acme-ml/fraud',
      registry_id: '999999999999',
      region: 'eu-west-1',
    });
  });
});

describe('an images.registry is refused', () => {
  const registrySpec = (images: object, models = staging.models) =>
    ({ ...staging, models, images }) as ModelServingEnvironmentProps;

  it.each<[string, ModelServingEnvironmentProps, { path: string; message: string; value: unknown }]>([
    [
      'with an account ID that is not 12 digits',
      registrySpec({ registry: { accountId: '12345' } }),
      { path: 'images.registry.accountId', message: 'must be a 12-digit AWS account ID', value: '12345' },
    ],
    [
      'with a region that is not a region code (one problem, not two)',
      registrySpec({ registry: { accountId: '999999999999', region: 'europe' } }),
      {
        path: 'images.registry.region',
        message:
          "must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included)",
        value: 'europe',
      },
    ],
    [
      'in another region while Lambda and SageMaker models pull from it',
      registrySpec({ registry: { accountId: '999999999999', region: 'eu-west-1' } }),
      {
        path: 'images.registry.region',
        message:
          "must be the environment's region (us-east-1): Lambda and SageMaker run images only from their own region, and recommender (sagemaker), sentiment (lambda) serve there (replicate the repositories to us-east-1 with ECR replication)",
        value: 'eu-west-1',
      },
    ],
    [
      'with a repository prefix that is not a repository name',
      registrySpec({ registry: { accountId: '999999999999', repositoryPrefix: 'ML/' } }),
      {
        path: 'images.registry.repositoryPrefix',
        message:
          "must be an ECR repository name prefix: 1-235 characters of lowercase letters and digits separated by '.', '_', '-' or '/'",
        value: 'ML/',
      },
    ],
    [
      'together with pullAccountIds',
      registrySpec({ registry: { accountId: '999999999999' }, pullAccountIds: ['333333333333'] }),
      {
        path: 'images.pullAccountIds',
        message:
          "must be empty with images.registry: the environment owns no repository to share (the registry's owner grants pulls)",
        value: ['333333333333'],
      },
    ],
    [
      'together with enhancedScanning',
      registrySpec({ registry: { accountId: '999999999999' }, enhancedScanning: true }),
      {
        path: 'images.enhancedScanning',
        message:
          "must be false with images.registry: the environment owns no repository to scan (turn scanning on in the registry's account)",
        value: true,
      },
    ],
  ])('%s', (_title, spec, issue) => {
    expect(rejectSpec('staging', spec).issues).toEqual([issue]);
  });
});
