import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ResolvedEnvironmentSpec, ResolvedModelSpec } from './config/schema';
import type { EnvironmentSpec } from './config/types';
import { validateEnvironmentSpec } from './config/validate';
import { ClusterAddons } from './cluster/cluster-addons';
import { ServingCluster } from './cluster/serving-cluster';
import { AlertTopic } from './core/alert-topic';
import { EnvironmentKey } from './core/environment-key';
import { Naming } from './core/naming';
import { ServingDashboard } from './monitoring/serving-dashboard';
import type { IServingNetwork } from './network/serving-network';
import { ServingVpc } from './network/serving-vpc';
import type { KubernetesModelServing } from './serving/kubernetes/kubernetes-model-serving';
import { kubernetesServingTarget } from './serving/kubernetes/target';
import { ModelImageGate } from './registry/model-image-gate';
import { type IModelImageRepository, ModelImageRepository } from './registry/model-image-repository';
import { RegistryScanning } from './registry/registry-scanning';
import type { LambdaModelServing } from './serving/lambda/lambda-model-serving';
import { lambdaServingTarget } from './serving/lambda/target';
import type { IModelServing } from './serving/model-serving';
import type { SageMakerModelServing } from './serving/sagemaker/sagemaker-model-serving';
import { sageMakerServingTarget } from './serving/sagemaker/target';
import type { ServingEnvironment, ServingKind, ServingTarget } from './serving/serving-target';
import { ModelArtifactBucket } from './storage/model-artifact-bucket';

/** The value of the `ManagedBy` tag on every resource. */
export const MANAGED_BY = 'cdktf-model-serving';

/** The Terraform version the synthesized configuration needs (S3 lock files). */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';

/** Props of `ModelServingEnvironment`: the environment spec. */
export interface ModelServingEnvironmentProps extends EnvironmentSpec {}

/**
 * One model-serving environment as a Terraform stack, composed from a validated spec: the AWS
 * provider with default tags, encrypted and locked remote state, the environment's KMS key and
 * alert topic, and everything the spec asks for.
 *
 * The spec is validated before anything is created; an invalid spec throws a
 * `SpecValidationError` that lists every problem.
 */
export class ModelServingEnvironment extends TerraformStack implements ServingEnvironment {
  /** The spec with every default applied. */
  public readonly spec: ResolvedEnvironmentSpec;
  /** The environment's name (the stack id). */
  public readonly environmentName: string;
  /** Names of the environment's resources: `<project>-<environment>-...`. */
  public readonly naming: Naming;
  /** Tags on every resource: the spec's, plus Project, Environment and ManagedBy. */
  private readonly tags: Readonly<Record<string, string>>;
  /** The KMS key that encrypts the environment's data. */
  public readonly encryptionKey: EnvironmentKey;
  /** The SNS topic every alarm notifies. */
  public readonly alerts: AlertTopic;
  /** The bucket of model artifacts (`models/<model>/<version>/`). */
  public readonly artifacts: ModelArtifactBucket;
  /** The network, when the spec has one or a cluster needs one. */
  public readonly network?: IServingNetwork;
  /** The EKS cluster, when the spec has one. */
  public readonly cluster?: ServingCluster;
  /** The cluster's Helm add-ons, when the spec has a cluster. */
  public readonly clusterAddons?: ClusterAddons;
  /** Models served on the cluster, by model name. */
  public readonly kubernetesModels: Readonly<Record<string, KubernetesModelServing>>;
  /** The dashboard every served model adds its graphs to. */
  public readonly dashboard: ServingDashboard;
  /**
   * Each model's image repository, by model name: owned, or imported from `images.registry`.
   */
  public readonly repositories: Readonly<Record<string, IModelImageRepository>>;
  /**
   * Each model's image gate, by model name: every resource that runs the model's images depends
   * on it, so a tag missing from the repository stops the deploy before any of them changes.
   */
  public readonly imageGates: Readonly<Record<string, ModelImageGate>>;
  /** The SageMaker endpoint of each model served on SageMaker, by model name. */
  public readonly sageMakerEndpoints: Readonly<Record<string, SageMakerModelServing>>;
  /** How each model is served, by model name: its serving target's construct. */
  public readonly servedModels: Readonly<Record<string, IModelServing>>;

  constructor(scope: Construct, id: string, props: ModelServingEnvironmentProps) {
    // validate before the stack joins the app: an invalid spec leaves nothing behind
    const { spec } = validateEnvironmentSpec(id, props);
    super(scope, id);
    this.spec = spec;
    this.environmentName = id;
    this.naming = Naming.install(this, { project: spec.project, environment: id });
    this.tags = { ...spec.tags, Project: spec.project, Environment: id, ManagedBy: MANAGED_BY };

    new AwsProvider(this, 'aws', {
      region: spec.region,
      allowedAccountIds: spec.allowedAccountIds ? [...spec.allowedAccountIds] : undefined,
      defaultTags: [{ tags: this.tags }],
    });
    this.configureState();

    this.encryptionKey = new EnvironmentKey(this, 'key', {
      deletionWindowDays: spec.keyDeletionWindowDays,
      protectFromDestroy: spec.protectFromDestroy,
    });
    this.alerts = new AlertTopic(this, 'alerts', {
      encryptionKey: this.encryptionKey,
      emails: spec.alerting.emails,
    });

    this.artifacts = new ModelArtifactBucket(this, 'artifacts', {
      encryptionKey: this.encryptionKey,
      bucketName: spec.artifacts.bucketName,
      noncurrentVersionExpirationDays: spec.artifactVersionExpiryDays,
      transition: spec.artifacts.transition,
      accessLogExpirationDays: spec.logRetentionDays,
      replication: spec.artifacts.replicaRegion
        ? { region: spec.artifacts.replicaRegion, keyDeletionWindowDays: spec.keyDeletionWindowDays }
        : undefined,
      protectFromDestroy: spec.protectFromDestroy,
      forceDestroy: spec.forceDestroy,
    });
    this.dashboard = new ServingDashboard(this, 'dashboard');
    this.network = this.createNetwork();
    this.cluster = this.createCluster();
    this.clusterAddons = this.cluster ? this.createClusterAddons(this.cluster) : undefined;
    // validation refuses enhanced scanning with an external registry
    if (spec.images.enhancedScanning) {
      new RegistryScanning(this, 'registry-scanning', { repositoryFilters: [`${this.naming.prefix}/*`] });
    }
    const models = new Construct(this, 'models');
    const repositories: Record<string, IModelImageRepository> = {};
    this.repositories = repositories;
    const imageGates: Record<string, ModelImageGate> = {};
    this.imageGates = imageGates;
    // one table of serving targets, keyed by serving.kind: every model is composed the same way
    const targets = servingTargets();
    const served: Record<string, IModelServing> = {};
    this.servedModels = served;
    for (const model of spec.models) {
      const scope = new Construct(models, model.name);
      const target = targetOf(targets, model);
      const versions = target.deployedVersions(model);
      repositories[model.name] = this.createRepository(scope, model, versions);
      // every tag the model deploys; nothing that runs them is created or changed while one is missing
      imageGates[model.name] = new ModelImageGate(scope, 'image-gate', {
        repository: repositories[model.name],
        tags: versions,
      });
      new TerraformOutput(this, `image-repository-${model.name}`, {
        value: repositories[model.name].repositoryUrl,
        description: `Image repository of the ${model.name} model`,
      });
      served[model.name] = target.serve(scope, model, this);
      for (const output of served[model.name].outputs) {
        new TerraformOutput(this, output.name, { value: output.value, description: output.description });
      }
    }
    this.sageMakerEndpoints = this.servedOn('sagemaker');
    this.kubernetesModels = this.servedOn('kubernetes');

    new TerraformOutput(this, 'key-arn', {
      value: this.encryptionKey.keyArn,
      description: 'ARN of the KMS key that encrypts the environment',
    });
    new TerraformOutput(this, 'alert-topic-arn', {
      value: this.alerts.topicArn,
      description: 'ARN of the SNS topic that receives every alarm',
    });
    new TerraformOutput(this, 'artifact-bucket', {
      value: this.artifacts.bucketName,
      description: 'Bucket of model artifacts: upload each version under models/<model>/<version>/',
    });
  }

  private createNetwork(): IServingNetwork | undefined {
    const { spec } = this;
    const clusterName = spec.cluster ? this.naming.prefix : undefined;
    const existing = spec.network?.existing;
    if (existing) {
      return ServingVpc.fromExisting(this, 'network', { ...existing, clusterName });
    }
    if (!spec.network && !spec.cluster) return undefined;
    const vpc = new ServingVpc(this, 'network', {
      encryptionKey: this.encryptionKey,
      cidr: spec.network?.cidr,
      availabilityZones: spec.availabilityZones,
      natGateways: spec.natGateways,
      interfaceEndpoints: spec.interfaceEndpoints ? undefined : [],
      flowLogRetentionDays: spec.logRetentionDays,
      clusterName,
    });
    new TerraformOutput(this, 'vpc-id', { value: vpc.vpcId, description: 'ID of the VPC' });
    return vpc;
  }

  private createCluster(): ServingCluster | undefined {
    const { spec, network } = this;
    if (!spec.cluster || !network) return undefined;
    const c = spec.cluster;
    const cluster = new ServingCluster(this, 'cluster', {
      network,
      encryptionKey: this.encryptionKey,
      clusterName: this.naming.prefix,
      region: spec.region,
      adminRoleArns: c.adminRoleArns,
      deployerRoleArn: c.deployerRoleArn,
      kubernetesVersion: c.kubernetesVersion,
      publicAccessCidrs: c.publicAccessCidrs,
      // validation refuses a block wider than /24 in protected environments
      allowOpenPublicEndpoint: !spec.protectFromDestroy,
      privateAccessCidrs: c.privateAccessCidrs,
      controlPlaneLogTypes: c.controlPlaneLogTypes ?? spec.controlPlaneLogTypes,
      logRetentionDays: spec.logRetentionDays,
      workloadIdentity: c.workloadIdentity,
      systemNodes: spec.systemNodes,
      addonVersions: c.addonVersions,
      containerInsights: c.containerInsights,
      deletionProtection: spec.protectFromDestroy,
      protectFromDestroy: spec.protectFromDestroy,
    });
    if (c.publicAccessCidrs.length === 0 && !spec.network?.existing) {
      Annotations.of(this).addWarning(
        'cluster: the Kubernetes API endpoint is private and this stack creates the VPC, so the first ' +
          'apply reaches the API only from a network joined to a VPC that does not exist yet. For a ' +
          "first deploy, list the deploy runner's egress address in cluster.publicAccessCidrs (or use " +
          'network.existing with a VPC the runners share); close the public endpoint once ' +
          'privateAccessCidrs reach the VPC.',
      );
    }
    for (const group of c.gpuNodeGroups) {
      cluster.addGpuNodeGroup({ ...group, capacityType: group.capacityType ?? spec.gpuCapacityType });
    }
    new TerraformOutput(this, 'cluster-name', {
      value: cluster.clusterName,
      description: 'Name of the EKS cluster',
    });
    new TerraformOutput(this, 'kubeconfig-command', {
      value: `aws eks update-kubeconfig --name ${cluster.clusterName} --region ${spec.region}`,
      description: 'Configures kubectl for the cluster (for one of the admin roles)',
    });
    return cluster;
  }

  private createClusterAddons(cluster: ServingCluster): ClusterAddons {
    const c = this.spec.cluster!;
    const al2023 = c.gpuNodeGroups.some((g) => g.amiType === 'AL2023_x86_64_NVIDIA');
    return new ClusterAddons(this, 'cluster-addons', {
      cluster,
      vpcId: this.network!.vpcId,
      region: this.spec.region,
      // the spec's cluster.addons select and configure the library's add-ons
      addOns: ClusterAddons.defaultAddOns({
        ...c.addons,
        nvidiaDevicePlugin: { enabled: al2023, ...c.addons.nvidiaDevicePlugin },
      }),
    });
  }

  /**
   * A model's repository: `<project>-<environment>/<model>` in the environment's account, or with
   * `images.registry` the existing `<repositoryPrefix>/<model>` of that registry (nothing created).
   */
  private createRepository(
    scope: Construct,
    model: ResolvedModelSpec,
    deployed: readonly string[],
  ): IModelImageRepository {
    const { spec } = this;
    const registry = spec.images.registry;
    if (registry) {
      return ModelImageRepository.fromRepositoryAttributes(scope, 'image', {
        repositoryName: `${registry.repositoryPrefix ?? spec.project}/${model.name}`,
        accountId: registry.accountId,
        region: registry.region ?? spec.region,
      });
    }
    return new ModelImageRepository(scope, 'image', {
      encryptionKey: this.encryptionKey,
      repositoryName: `${this.naming.prefix}/${model.name}`,
      keepReleaseImages: spec.keepReleaseImages,
      releaseTagPattern: spec.images.releaseTagPattern,
      untaggedExpiryDays: spec.untaggedImageExpiryDays,
      protectedTags: [...deployed],
      pullAccountIds: spec.images.pullAccountIds,
      protectFromDestroy: spec.protectFromDestroy,
      forceDelete: spec.forceDestroy,
    });
  }

  /** The environment's KMS key. @deprecated Use `encryptionKey`. */
  public get key(): EnvironmentKey {
    return this.encryptionKey;
  }

  /** The image gate of a model. */
  public imageGateOf(model: string): ModelImageGate {
    const gate = this.imageGates[model];
    if (!gate) throw new Error(`[${this.node.path}] no model named ${JSON.stringify(model)}`);
    return gate;
  }

  /** The image repository of a model. */
  public repositoryOf(model: string): IModelImageRepository {
    const repository = this.repositories[model];
    if (!repository) throw new Error(`[${this.node.path}] no model named ${JSON.stringify(model)}`);
    return repository;
  }

  /** The models served on one target, by model name, typed as the target's construct. */
  private servedOn<K extends ServingKind>(kind: K): Record<string, ServedBy[K]> {
    const out: Record<string, ServedBy[K]> = {};
    for (const model of this.spec.models) {
      // the table's entry for a kind creates that kind's construct (ServingTargets below)
      if (model.serving.kind === kind) out[model.name] = this.servedModels[model.name] as ServedBy[K];
    }
    return out;
  }

  private configureState(): void {
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const s3 = this.spec.backend?.s3;
    if (!s3) return; // local state: allowed only for unprotected, non-production environments
    new S3Backend(this, {
      bucket: s3.bucket,
      key: s3.key ?? `${this.spec.project}/${this.environmentName}/terraform.tfstate`,
      region: s3.region ?? this.spec.region,
      encrypt: true,
      kmsKeyId: s3.kmsKeyId,
      assumeRole: s3.roleArn ? { roleArn: s3.roleArn } : undefined,
    });
    // cdktf 0.21's S3Backend has no typed option for S3 lock files (Terraform >= 1.10)
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

/** The construct each serving target creates. */
interface ServedBy {
  readonly kubernetes: KubernetesModelServing;
  readonly sagemaker: SageMakerModelServing;
  readonly lambda: LambdaModelServing;
}

/** The table of serving targets, keyed by `serving.kind`: a new target is one more entry. */
type ServingTargets = { readonly [K in ServingKind]: ServingTarget<K, ServedBy[K]> };

/** A fresh table (targets keep per-environment state, e.g. the Kubernetes namespaces). */
function servingTargets(): ServingTargets {
  return {
    kubernetes: kubernetesServingTarget(),
    sagemaker: sageMakerServingTarget(),
    lambda: lambdaServingTarget(),
  };
}

/** The table's entry for a model's `serving.kind`. */
function targetOf(targets: ServingTargets, model: ResolvedModelSpec): ServingTarget<ServingKind> {
  // the entry under a kind serves models of that kind (the mapped type above)
  return targets[model.serving.kind] as ServingTarget<ServingKind>;
}

/**
 * The versions of a model that are deployed now: their images must be in the repository before
 * anything runs them, and must never expire. Each serving target says which (a Kubernetes model
 * deploys the version of each rollout track; a SageMaker model that of each variant and its
 * shadow; a Lambda model its version).
 */
export function deployedVersions(model: ResolvedModelSpec): string[] {
  return targetOf(servingTargets(), model).deployedVersions(model);
}
