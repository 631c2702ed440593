import { type z } from 'zod';
import { awsRegion, isToken, parseArn, parseCidr, uniqueBy } from '../core/validation/rules';
import { spotNeedsTwoTypes } from './cluster-rules';
import { forceWhileProtected } from '../core/prop-rules';
import type { SpecLike } from './spec-sections';
import { type KubernetesModel, checkGpuCapacity, checkKubernetesModel } from './capacity-rules';

/**
 * The rules across the environment spec's fields: they run beside the shape checks, so every
 * problem is reported at once, but read only the sections whose own shape checks passed.
 */
export function environmentRules(input: unknown, ctx: z.RefinementCtx): void {
  {
    const view = soundView(input, ctx.issues);
    if (view === undefined) return;
    const { spec, broken } = view;
    forceWhileProtected(ctx, spec.protectFromDestroy, spec.forceDestroy, ['forceDestroy']);
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
  }
}

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
