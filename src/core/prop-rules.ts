import type { ITerraformDependable } from 'cdktf';
import { z } from 'zod';
import type { ServingCluster } from '../cluster/serving-cluster';
import { logRetentionDays, matching, modelName } from '../config/rules';
import type { ServingDashboard } from '../monitoring/serving-dashboard';
import type { IServingNetwork } from '../network/serving-network';
import type { IModelImageRepository } from '../registry/model-image-repository';
import type { IModelArtifactBucket } from '../storage/model-artifact-bucket';
import type { IEncryptionKey, IGrantable } from './grants';

/**
 * Prop rules the constructs share for the objects they take: each object is checked by its shape,
 * so an imported bucket or repository passes like an owned one.
 */

type Shape = Record<string, unknown> | null | undefined;

export const modelNameProp = modelName;

export const encryptionKeyProp = z.custom<IEncryptionKey>(
  (k) => typeof (k as Shape)?.keyArn === 'string' && typeof (k as Shape)?.grantDecrypt === 'function',
  { error: 'must be an encryption key (IEncryptionKey)' },
);

export const artifactBucketProp = z.custom<IModelArtifactBucket>(
  (b) => typeof (b as Shape)?.bucketArn === 'string' && typeof (b as Shape)?.grantRead === 'function',
  { error: 'must be a model artifact bucket (IModelArtifactBucket)' },
);

export const imageRepositoryProp = z.custom<IModelImageRepository>(
  (r) => typeof (r as Shape)?.imageUri === 'function' && typeof (r as Shape)?.grantPull === 'function',
  { error: 'must be an image repository (IModelImageRepository)' },
);

export const servingNetworkProp = z.custom<IServingNetwork>(
  (n) =>
    typeof (n as Shape)?.vpcId === 'string' &&
    Array.isArray((n as Shape)?.privateSubnetIds) &&
    ((n as Shape)?.privateSubnetIds as unknown[]).length > 0,
  { error: 'must be a serving network (IServingNetwork) with private subnets' },
);

export const servingClusterProp = z.custom<ServingCluster>(
  (c) => typeof (c as Shape)?.createWorkloadRole === 'function',
  { error: 'must be a ServingCluster' },
);

export const dashboardProp = z.custom<ServingDashboard>(
  (d) => typeof (d as Shape)?.addGraphs === 'function',
  {
    error: 'must be a ServingDashboard',
  },
);

/** Something Terraform can depend on (a resource, a data source, or a construct with an `fqn`). */
export const dependableProp = z.custom<ITerraformDependable>((d) => typeof (d as Shape)?.fqn === 'string', {
  error: 'must be something Terraform can depend on (ITerraformDependable)',
});

export const grantableProp = z.custom<IGrantable>(
  (g) =>
    typeof (g as Shape)?.roleArn === 'string' && typeof (g as Shape)?.addToPrincipalPolicy === 'function',
  { error: 'must be a role (IGrantable)' },
);

export const topicArnProp = matching(
  /^arn:aws(?:-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
  "must be an SNS topic ARN such as 'arn:aws:sns:us-east-1:123456789012:alerts'",
);

export const logRetentionProp = logRetentionDays.default(365);
