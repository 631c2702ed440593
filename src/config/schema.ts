import { z } from 'zod';
import {
  NAME_LENGTHS,
  alertEmails,
  awsAccountId,
  awsRegion,
  dnsLabel,
  iamRoleArn,
  intBetween,
  isToken,
  kmsKeyArn,
  logRetentionDays,
  matching,
  modelName,
  modelVersion,
  numberWhere,
  parseArn,
  parseCidr,
  s3BucketName,
  tagMap,
  uniqueBy,
} from '../core/validation/rules';
import {
  CONTROL_PLANE_LOG_TYPES,
  DEFAULT_SYSTEM_NODES,
  REQUIRED_CONTROL_PLANE_LOG_TYPES,
  clusterSchema,
  networkSchema,
  spotNeedsTwoTypes,
  systemNodesSchema,
} from './cluster';
import { gpuInstance } from './gpu-instances';
import {
  colourVersionProblem,
  fitProblems,
  fixedReplicasOf,
  kubernetesServingSchema,
  wafRateLimit,
} from './kubernetes-serving';
import {
  CLOUDWATCH_OBSERVABILITY_DAEMONS,
  MANAGED_ADDON_DAEMONS,
  NVIDIA_DEVICE_PLUGIN_DAEMON,
  type NodeDaemon,
  type NodeKind,
  runsOn,
  smallestAllocatable,
} from './node-allocatable';
import { lambdaServingSchema } from './lambda-serving';
import { sageMakerServingSchema } from '../serving/sagemaker/spec';
import { ARTIFACT_TRANSITION_CLASSES, type EnvironmentSpec } from './types';

/** Schemas of the environment spec (`types.ts`), with the defaults the library applies. */

export const servingSchema = z.discriminatedUnion('kind', [
  kubernetesServingSchema,
  sageMakerServingSchema,
  lambdaServingSchema,
]);

export const modelSchema = z.strictObject({
  name: modelName,
  version: modelVersion,
  serving: servingSchema,
});

/** Moving old artifacts to a cheaper class (shared by the spec and `ModelArtifactBucket`). */
export const artifactTransitionSchema = z
  .strictObject({
    afterDays: intBetween(1, 3650, 'days'),
    storageClass: z.enum(ARTIFACT_TRANSITION_CLASSES).default('INTELLIGENT_TIERING'),
  })
  .superRefine((t, ctx) => {
    if (t.storageClass === 'STANDARD_IA' && typeof t.afterDays === 'number' && t.afterDays < 30) {
      ctx.addIssue({
        code: 'custom',
        path: ['afterDays'],
        input: t.afterDays,
        message: 'must be at least 30 days for STANDARD_IA (an S3 lifecycle rule)',
      });
    }
  });

/** A tag pattern of an ECR lifecycle rule. */
export const tagPattern = matching(
  /^[A-Za-z0-9_.*-]{1,128}$/,
  "must be a tag pattern of A-Z a-z 0-9 _ . - and '*'",
);

export const artifactsSchema = z.strictObject({
  bucketName: s3BucketName.optional(),
  transition: artifactTransitionSchema.optional(),
  replicaRegion: awsRegion.optional(),
});

/** An existing registry the models' images come from (a central build account). */
export const imageRegistrySchema = z.strictObject({
  accountId: awsAccountId,
  region: awsRegion.optional(),
  // a repository name without the model: at most 256 - 21 ('/' and a 20-character model name)
  repositoryPrefix: matching(
    /^(?=.{1,235}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    "must be an ECR repository name prefix: 1-235 characters of lowercase letters and digits separated by '.', '_', '-' or '/'",
  ).optional(),
});

export const imagesSchema = z.strictObject({
  enhancedScanning: z.boolean().default(false),
  pullAccountIds: z.array(awsAccountId).max(50).default([]),
  releaseTagPattern: tagPattern.default('*'),
  registry: imageRegistrySchema.optional(),
});

export const s3BackendSchema = z.strictObject({
  bucket: s3BucketName,
  key: matching(
    /^[^/][\x20-\x7e]{0,1023}$/,
    "must be an S3 object key of 1-1024 printable characters, not starting with '/'",
  ).optional(),
  region: awsRegion.optional(),
  kmsKeyId: kmsKeyArn.optional(),
  roleArn: iamRoleArn.optional(),
});

const environmentSpecSchemaBase = z.strictObject({
  project: dnsLabel(NAME_LENGTHS.project.min, NAME_LENGTHS.project.max),
  region: awsRegion,
  allowedAccountIds: z.array(awsAccountId).min(1).optional(),
  tags: tagMap.default({}),
  backend: z.strictObject({ s3: s3BackendSchema }).optional(),
  alerting: z.strictObject({ emails: alertEmails.default([]) }).default({ emails: [] }),
  protectFromDestroy: z.boolean().default(true),
  forceDestroy: z.boolean().default(false),
  logRetentionDays: logRetentionDays.default(365),
  keyDeletionWindowDays: intBetween(7, 30, 'days').default(30),
  artifactVersionExpiryDays: intBetween(1, 3650, 'days').default(180),
  keepReleaseImages: intBetween(1, 1000, 'images').default(30),
  untaggedImageExpiryDays: intBetween(1, 365, 'days').default(7),
  availabilityZones: numberWhere((v) => v === 2 || v === 3, 'must be 2 or 3').default(3),
  natGateways: z.enum(['perAz', 'single']).default('perAz'),
  interfaceEndpoints: z.boolean().default(true),
  systemNodes: systemNodesSchema.default(DEFAULT_SYSTEM_NODES),
  gpuCapacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
  minReplicas: intBetween(0, 100).default(1),
  loadBalancerWaf: z
    .strictObject({ enabled: z.boolean().default(true), rateLimitPer5Minutes: wafRateLimit.default(2000) })
    .prefault({}),
  controlPlaneLogTypes: z
    .array(z.enum(CONTROL_PLANE_LOG_TYPES))
    .superRefine((types, ctx) => {
      const missing = REQUIRED_CONTROL_PLANE_LOG_TYPES.filter((t) => !types.includes(t));
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          input: types,
          message: `must include api, audit and authenticator (missing ${missing.join(', ')})`,
        });
      }
    })
    .default([...CONTROL_PLANE_LOG_TYPES]),
  artifacts: artifactsSchema.default({}),
  images: imagesSchema.default({ enhancedScanning: false, pullAccountIds: [], releaseTagPattern: '*' }),
  network: networkSchema.optional(),
  cluster: clusterSchema.optional(),
  models: z.array(modelSchema).default([]),
});

export const environmentSpecSchema = environmentSpecSchemaBase.superRefine(
  (input, ctx) => {
    // Rules across fields run beside the shape checks, so every problem is reported at once, but
    // they read only the sections whose own shape checks passed.
    const view = soundView(input, ctx.issues);
    if (view === undefined) return;
    const { spec, broken } = view;
    if (spec.protectFromDestroy !== false && spec.forceDestroy === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['forceDestroy'],
        input: spec.forceDestroy,
        message: 'must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it)',
      });
    }
    if (
      typeof spec.artifacts === 'object' &&
      spec.artifacts?.replicaRegion !== undefined &&
      spec.artifacts.replicaRegion === spec.region
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['artifacts', 'replicaRegion'],
        input: spec.artifacts.replicaRegion,
        message: `must differ from the environment's region (${spec.region}): a replica is for another region`,
      });
    }
    if (spec.protectFromDestroy !== false && spec.systemNodes !== undefined && spec.systemNodes.minSize < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['systemNodes', 'minSize'],
        input: spec.systemNodes.minSize,
        message:
          'must be at least 2 in a protected environment: controllers and DNS must survive a node loss',
      });
    }
    if (spec.protectFromDestroy !== false) {
      (spec.cluster?.publicAccessCidrs ?? []).forEach((block, index) => {
        const prefix = typeof block === 'string' ? parseCidr(block)?.prefix : undefined;
        if (prefix === undefined || prefix >= 24) return;
        ctx.addIssue({
          code: 'custom',
          path: ['cluster', 'publicAccessCidrs', index],
          input: block,
          message:
            "must be /24 or narrower in a protected environment: list the deploy runners' egress addresses " +
            '(a wider block admits networks you do not control), or keep the endpoint private',
        });
      });
    }
    (spec.cluster?.gpuNodeGroups ?? []).forEach((group, index) => {
      if (group.capacityType !== undefined || !Array.isArray(group.instanceTypes)) return;
      // a group without its own capacity type takes the environment's
      spotNeedsTwoTypes(group, spec.gpuCapacityType, ctx, [
        'cluster',
        'gpuNodeGroups',
        index,
        'instanceTypes',
      ]);
    });
    const cidr = spec.network?.cidr;
    const prefix = typeof cidr === 'string' ? parseCidr(cidr)?.prefix : undefined;
    if (spec.cluster !== undefined && prefix !== undefined && prefix > 20) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'cidr'],
        input: cidr,
        message:
          'must be /20 or larger with a cluster: pods take their addresses from the private subnets (1/8 of the block each)',
      });
    }
    if (
      spec.cluster?.workloadIdentity === 'irsa' &&
      spec.interfaceEndpoints === false &&
      spec.network?.existing === undefined &&
      spec.cluster.serving?.internetEgress !== true
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'workloadIdentity'],
        input: 'irsa',
        message:
          'needs an STS endpoint the model pods may reach: keep interfaceEndpoints on, set cluster.serving.internetEgress, or use podIdentity',
      });
    }
    checkImageRegistry(spec, ctx);
    uniqueBy('models', 'name')(spec as Record<'models', unknown>, ctx);
    const models = Array.isArray(spec.models) ? (spec.models as unknown[]) : [];
    models.forEach((model, index) => {
      if (typeof (model as { name?: unknown } | null)?.name !== 'string') return;
      const kind = (model as { serving?: { kind?: unknown } }).serving?.kind;
      if (kind === 'kubernetes') checkCertificateRegion(spec, model as KubernetesModel, index, ctx);
      if (kind === 'kubernetes' && spec.cluster === undefined && !broken.has('cluster')) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'serving', 'kind'],
          input: kind,
          message: "needs a cluster: add 'cluster' to the environment spec",
        });
      } else if (kind === 'kubernetes') {
        if (['cluster', 'systemNodes', 'network', 'minReplicas'].some((key) => broken.has(key))) return;
        checkKubernetesModel(spec, model as KubernetesModel, index, ctx);
      } else if (
        kind === 'lambda' &&
        (model as { serving: { vpc?: unknown } }).serving.vpc === true &&
        spec.network === undefined &&
        spec.cluster === undefined &&
        !broken.has('network') &&
        !broken.has('cluster')
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'serving', 'vpc'],
          input: true,
          message: "needs a network: add 'network' (or a cluster) to the environment spec",
        });
      }
    });
    checkGpuCapacity(spec, models, ctx);
  },
  { when: () => true },
);

/**
 * An ingress certificate must be in the environment's region: an Application Load Balancer takes
 * only ACM certificates of its own region ("To use a certificate with Elastic Load Balancing, you
 * must request or import the certificate in the same Region as your load balancer",
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html).
 */
function checkCertificateRegion(
  spec: SpecLike,
  model: KubernetesModel,
  index: number,
  ctx: z.RefinementCtx,
): void {
  const arn = objectOrNothing(model.serving?.ingress)?.certificateArn;
  if (typeof arn !== 'string' || isToken(arn) || typeof spec.region !== 'string') return;
  const region = parseArn(arn)?.region;
  if (region === undefined || region === spec.region) return;
  ctx.addIssue({
    code: 'custom',
    path: ['models', index, 'serving', 'ingress', 'certificateArn'],
    input: arn,
    message:
      `must be a certificate of the environment's region (${spec.region}): the load balancer uses only ` +
      `ACM certificates of its own region, and this one is in '${region}'`,
  });
}

/** Lambda and SageMaker pull only from their own region. */
const SAME_REGION_KINDS = ['lambda', 'sagemaker'];

/**
 * Rules of `images.registry`: Lambda functions and SageMaker models run only images of their own
 * region (Lambda: "A different account in the same region can create a function that uses a
 * container image owned by your account",
 * https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions;
 * SageMaker: "the Docker image for inference container in Amazon EC2 Container Registry must be in
 * the same region as the model or endpoint you are creating",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html), and
 * the environment owns no repository to share or scan.
 */
function checkImageRegistry(spec: SpecLike, ctx: z.RefinementCtx): void {
  const images = objectOrNothing(spec.images);
  const registry = objectOrNothing(images?.registry);
  if (!images || !registry) return;
  // an invalid region code is reported by its own rule
  const region = awsRegion.safeParse(registry.region).success ? registry.region : undefined;
  if (region !== undefined && region !== spec.region) {
    const models = (Array.isArray(spec.models) ? (spec.models as unknown[]) : [])
      .map((m) => m as { name?: unknown; serving?: { kind?: unknown } } | null)
      .filter((m) => SAME_REGION_KINDS.includes(m?.serving?.kind as string) && typeof m?.name === 'string')
      .map((m) => `${m!.name as string} (${m!.serving!.kind as string})`);
    if (models.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['images', 'registry', 'region'],
        input: region,
        message:
          `must be the environment's region (${spec.region}): Lambda and SageMaker run images only from ` +
          `their own region, and ${models.join(', ')} serve${models.length === 1 ? 's' : ''} there ` +
          `(replicate the repositories to ${spec.region} with ECR replication)`,
      });
    }
  }
  if (Array.isArray(images.pullAccountIds) && images.pullAccountIds.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['images', 'pullAccountIds'],
      input: images.pullAccountIds,
      message:
        "must be empty with images.registry: the environment owns no repository to share (the registry's owner grants pulls)",
    });
  }
  if (images.enhancedScanning === true) {
    ctx.addIssue({
      code: 'custom',
      path: ['images', 'enhancedScanning'],
      input: true,
      message:
        "must be false with images.registry: the environment owns no repository to scan (turn scanning on in the registry's account)",
    });
  }
}

type KubernetesModel = { version?: unknown; serving: Partial<z.output<typeof kubernetesServingSchema>> };
type SpecLike = Partial<z.output<typeof environmentSpecSchemaBase>>;

/** `value` when it is a (non-array) object, else undefined. */
function objectOrNothing<T>(value: T): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/**
 * The spec as the rules across fields may read it: a section whose shape checks found a problem
 * (reported by them already) reads as absent and is named in `broken`, and a model with a problem
 * of its own reads as `null`. Nothing when the spec is not an object.
 */
function soundView(
  input: unknown,
  issues: readonly { readonly path?: readonly PropertyKey[] }[],
): { spec: SpecLike; broken: ReadonlySet<PropertyKey> } | undefined {
  if (objectOrNothing(input) === undefined) return undefined;
  const broken = new Set<PropertyKey>();
  const brokenModels = new Set<PropertyKey>();
  for (const issue of issues) {
    const [head, index] = issue.path ?? [];
    if (head === undefined) return undefined;
    if (head === 'models' && index !== undefined) brokenModels.add(index);
    else broken.add(head);
  }
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!broken.has(key)) spec[key] = value;
  }
  if (Array.isArray(spec.models)) {
    spec.models = (spec.models as unknown[]).map((model, index) => (brokenModels.has(index) ? null : model));
  }
  return { spec: spec as SpecLike, broken };
}

type GpuGroup = NonNullable<SpecLike['cluster']>['gpuNodeGroups'][number];

/** The GPU node group a GPU model runs on: the one it names, or the cluster's only one. */
function targetGroup(groups: readonly GpuGroup[], named: string | undefined): GpuGroup | undefined {
  return named !== undefined
    ? groups.find((g) => g.name === named)
    : groups.length === 1
      ? groups[0]
      : undefined;
}

/** GPUs on one node of a group (its instance types all have the same count). */
function gpusPerNode(group: GpuGroup): number | undefined {
  return gpuInstance(group.instanceTypes?.[0] ?? '')?.gpus;
}

/** Rules of a Kubernetes model that depend on the rest of the environment (cluster, policy). */
function checkKubernetesModel(
  spec: SpecLike,
  model: KubernetesModel,
  index: number,
  ctx: z.RefinementCtx,
): void {
  const serving = model.serving;
  const at = (...path: PropertyKey[]) => ['models', index, 'serving', ...path];
  const groups = Array.isArray(spec.cluster?.gpuNodeGroups) ? spec.cluster.gpuNodeGroups : [];
  const gpu = typeof serving.gpu === 'number' ? serving.gpu : 0;
  if (gpu > 0) {
    const named = serving.gpuNodeGroup;
    const group = targetGroup(groups, named);
    if (groups.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpu'),
        input: gpu,
        message: 'needs a GPU node group: add one to cluster.gpuNodeGroups',
      });
    } else if (named === undefined && groups.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpuNodeGroup'),
        input: undefined,
        message: `is required when the cluster has several GPU node groups (${groups.map((g) => g.name).join(', ')})`,
      });
    } else if (group === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpuNodeGroup'),
        input: named,
        message: `must name a GPU node group of the cluster (${groups.map((g) => g.name).join(', ')})`,
      });
    } else {
      const perNode = gpusPerNode(group);
      if (perNode !== undefined && gpu > perNode) {
        ctx.addIssue({
          code: 'custom',
          path: at('gpu'),
          input: gpu,
          message: `must fit on one node of the ${group.name} group (${perNode} GPU${perNode === 1 ? '' : 's'} per node)`,
        });
      }
      const al2023 = (group.amiType ?? 'AL2023_x86_64_NVIDIA') === 'AL2023_x86_64_NVIDIA';
      checkFit(
        spec,
        serving,
        group.instanceTypes,
        { gpu: true, al2023 },
        `the ${group.name} GPU node group`,
        at,
        ctx,
      );
    }
  } else {
    // CPU models carry no node selector or toleration: only the untainted system nodes take them
    const system = Array.isArray(spec.systemNodes?.instanceTypes)
      ? spec.systemNodes.instanceTypes
      : DEFAULT_SYSTEM_NODES.instanceTypes;
    checkFit(spec, serving, system, { gpu: false, al2023: true }, 'the system node group', at, ctx);
  }
  const floor = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  if (typeof serving.replicas?.min === 'number' && serving.replicas.min < floor) {
    ctx.addIssue({
      code: 'custom',
      path: at('replicas', 'min'),
      input: serving.replicas.min,
      message: `must be at least ${floor} in this environment (minReplicas): GPU models take minutes to start cold`,
    });
  }
  if (serving.ingress !== undefined && spec.cluster?.addons?.loadBalancerController?.enabled === false) {
    ctx.addIssue({
      code: 'custom',
      path: at('ingress'),
      input: serving.ingress,
      message:
        'needs the AWS Load Balancer Controller (it binds the pods to the target groups): it is disabled in cluster.addons.loadBalancerController',
    });
  }
  const existing = spec.network?.existing;
  if (
    serving.ingress?.internetFacing === true &&
    existing !== undefined &&
    (existing.publicSubnetIds ?? []).length === 0
  ) {
    ctx.addIssue({
      code: 'custom',
      path: at('ingress', 'internetFacing'),
      input: true,
      message: 'needs public subnets: network.existing.publicSubnetIds is empty',
    });
  }
  const colourProblem = colourVersionProblem(model.version, serving.rollout);
  if (colourProblem !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['models', index, 'version'],
      input: model.version,
      message: colourProblem,
    });
  }
}

/** The DaemonSets the spec installs that run on nodes of `kind`. */
function daemonsOn(spec: SpecLike, kind: NodeKind): NodeDaemon[] {
  const addons = spec.cluster?.addons;
  const al2023Groups = (spec.cluster?.gpuNodeGroups ?? []).some(
    (g) => (g.amiType ?? 'AL2023_x86_64_NVIDIA') === 'AL2023_x86_64_NVIDIA',
  );
  return [
    ...MANAGED_ADDON_DAEMONS,
    ...((addons?.nvidiaDevicePlugin?.enabled ?? al2023Groups) ? [NVIDIA_DEVICE_PLUGIN_DAEMON] : []),
    // the CloudWatch Observability add-on's agent, Fluent Bit and DCGM exporter (the deprecated
    // addons.dcgmExporter chart installs nothing)
    ...((spec.cluster?.containerInsights ?? true) ? CLOUDWATCH_OBSERVABILITY_DAEMONS : []),
  ].filter((d) => runsOn(d, kind));
}

/**
 * Reports a model whose pod requests more CPU or memory than the smallest node of its group
 * leaves to pods: it would never be scheduled.
 */
function checkFit(
  spec: SpecLike,
  serving: KubernetesModel['serving'],
  instanceTypes: unknown,
  kind: NodeKind,
  group: string,
  at: (...path: PropertyKey[]) => PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  if (!Array.isArray(instanceTypes) || typeof serving.cpu !== 'string' || typeof serving.memory !== 'string')
    return;
  const allocatable = smallestAllocatable(instanceTypes as string[], daemonsOn(spec, kind));
  if (allocatable === undefined) return;
  const gpu = typeof serving.gpu === 'number' ? serving.gpu : 0;
  for (const problem of fitProblems({ cpu: serving.cpu, memory: serving.memory, gpu }, allocatable, group)) {
    ctx.addIssue({ code: 'custom', path: at(problem.field), input: problem.value, message: problem.message });
  }
}

/** A GPU model at its peak: `replicas.max` on the autoscaled track plus the idle colour or canary. */
interface GpuDemand {
  readonly name: string;
  readonly gpu: number;
  readonly pods: number;
  readonly group?: string;
}

const PEAK = 'replicas.max plus the idle colour or canary';

/**
 * The GPU quota and the GPU node groups must hold every GPU model at its peak; otherwise the
 * autoscaler stops short of `replicas.max` or a release's extra pods never schedule, and nothing
 * says why until a traffic peak.
 */
function checkGpuCapacity(spec: SpecLike, models: unknown[], ctx: z.RefinementCtx): void {
  const cluster = spec.cluster;
  if (cluster === undefined) return;
  const groups = Array.isArray(cluster.gpuNodeGroups) ? cluster.gpuNodeGroups : [];
  const demands: GpuDemand[] = [];
  for (const model of models) {
    const { name, version, serving } = (model ?? {}) as {
      name?: unknown;
      version?: unknown;
      serving?: unknown;
    };
    if (typeof name !== 'string' || typeof version !== 'string') continue;
    // a model with errors of its own is reported by them
    const parsed = kubernetesServingSchema.safeParse(serving);
    if (!parsed.success || parsed.data.gpu === 0) continue;
    const s = parsed.data;
    const group = targetGroup(groups, s.gpuNodeGroup)?.name;
    demands.push({ name, gpu: s.gpu, pods: s.replicas.max + fixedReplicasOf(version, s), group });
  }
  const list = (ds: GpuDemand[]) => ds.map((d) => `${d.name} ${d.pods} × ${d.gpu}`).join(', ');
  const total = (ds: GpuDemand[]) => ds.reduce((sum, d) => sum + d.pods * d.gpu, 0);

  groups.forEach((group, index) => {
    const perNode = gpusPerNode(group);
    const placed = demands.filter((d) => d.group === group.name && d.gpu <= (perNode ?? 0));
    if (perNode === undefined || placed.length === 0 || typeof group.maxSize !== 'number') return;
    // a lower bound on the nodes: never more than perNode GPUs on one, and a pod never spans two
    const nodes = Math.max(
      Math.ceil(total(placed) / perNode),
      ...placed.map((d) => Math.ceil(d.pods / Math.floor(perNode / d.gpu))),
    );
    if (group.maxSize < nodes) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'gpuNodeGroups', index, 'maxSize'],
        input: group.maxSize,
        message:
          `must hold the GPU models at their peak (${PEAK}): at least ${nodes} nodes of ` +
          `${perNode} GPU${perNode === 1 ? '' : 's'} for ${list(placed)} (pods × GPUs)`,
      });
    }
  });

  const quota = cluster.serving?.gpuQuota;
  if (typeof quota !== 'number' || demands.length === 0) return;
  const namespace = cluster.serving?.namespace ?? 'models';
  const namespaces = cluster.serving?.namespacePerModel
    ? demands.map((d) => ({ name: `${namespace}-${d.name}`, demands: [d] }))
    : [{ name: namespace, demands }];
  for (const ns of namespaces) {
    const needed = total(ns.demands);
    if (quota < needed) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'serving', 'gpuQuota'],
        input: quota,
        message:
          `must cover the GPU models of namespace ${ns.name} at their peak (${PEAK}): ` +
          `${needed} GPUs for ${list(ns.demands)} (pods × GPUs)`,
      });
    }
  }
}

/** The environment spec with every default applied, as the constructs receive it. */
export type ResolvedEnvironmentSpec = z.output<typeof environmentSpecSchema>;
/** One model with defaults applied. */
export type ResolvedModelSpec = z.output<typeof modelSchema>;

/** Name of an environment (the stack's id). */
export const environmentNameSchema = dnsLabel(NAME_LENGTHS.environment.min, NAME_LENGTHS.environment.max);

// Compile-time guard: the schema accepts exactly the documented spec types (`types.ts`).
type DeepReadonly<T> =
  T extends ReadonlyArray<infer E>
    ? ReadonlyArray<DeepReadonly<E>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesSpec: Same<DeepReadonly<z.input<typeof environmentSpecSchema>>, EnvironmentSpec> = true;
void schemaMatchesSpec;
