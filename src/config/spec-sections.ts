import { logRetentionProp } from '../core/prop-rules';
import { z } from 'zod';
import {
  NAME_LENGTHS,
  alertEmails,
  awsAccountId,
  awsRegion,
  dnsLabel,
  iamRoleArn,
  intBetween,
  kmsKeyArn,
  matching,
  modelName,
  modelVersion,
  numberWhere,
  s3BucketName,
  tagMap,
} from '../core/validation/rules';
import { DEFAULT_SYSTEM_NODES, clusterSchema, networkSchema, systemNodesSchema } from './cluster';
import { CONTROL_PLANE_LOG_TYPES, REQUIRED_CONTROL_PLANE_LOG_TYPES } from './cluster-types';
import { kubernetesServingSchema, wafRateLimit } from '../serving/kubernetes/spec/schema';
import { lambdaServingSchema } from '../serving/lambda/spec/schema';
import { sageMakerServingSchema } from '../serving/sagemaker/spec';
import { ARTIFACT_TRANSITION_CLASSES } from './types';

/** Schemas of the environment spec's sections (`types.ts`), with the defaults the library applies. */

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

/** The environment spec's shape: every field with its checks and default (no rules across fields). */
export const environmentSpecShapeSchema = z.strictObject({
  project: dnsLabel(NAME_LENGTHS.project.min, NAME_LENGTHS.project.max),
  region: awsRegion,
  allowedAccountIds: z.array(awsAccountId).min(1).optional(),
  tags: tagMap.default({}),
  backend: z.strictObject({ s3: s3BackendSchema }).optional(),
  alerting: z.strictObject({ emails: alertEmails.default([]) }).default({ emails: [] }),
  protectFromDestroy: z.boolean().default(true),
  forceDestroy: z.boolean().default(false),
  logRetentionDays: logRetentionProp,
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

/** The spec as the rules across fields read it: any section may be missing. */
export type SpecLike = Partial<z.output<typeof environmentSpecShapeSchema>>;
