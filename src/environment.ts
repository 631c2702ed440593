import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ResolvedEnvironmentSpec, ResolvedModelSpec } from './config/schema';
import { sageMakerSettings, sageMakerVersions } from './serving/sagemaker/spec';
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
import { KubernetesModelServing as KubernetesModelService } from './serving/kubernetes/kubernetes-model-serving';
import { ModelNamespace } from './serving/kubernetes/model-namespace';
import { versionsOf } from './serving/kubernetes/private/tracks';
import { ModelImageGate } from './registry/model-image-gate';
import { type IModelImageRepository, ModelImageRepository } from './registry/model-image-repository';
import { RegistryScanning } from './registry/registry-scanning';
import { LambdaModelServing } from './serving/lambda/lambda-model-serving';
import { SageMakerModelServing as SageMakerModelEndpoint } from './serving/sagemaker/sagemaker-model-serving';
import type { ServingEnvironment } from './serving/serving-target';
import { LoadBalancerLogBucket } from './storage/load-balancer-log-bucket';
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
  public readonly kubernetesModels: Readonly<Record<string, KubernetesModelService>>;
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
  public readonly sageMakerEndpoints: Readonly<Record<string, SageMakerModelEndpoint>>;

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
    const sageMakerEndpoints: Record<string, SageMakerModelEndpoint> = {};
    const serveOnKubernetes = this.kubernetesServing();
    const kubernetesModels: Record<string, KubernetesModelService> = {};
    for (const model of spec.models) {
      const scope = new Construct(models, model.name);
      repositories[model.name] = this.createRepository(scope, model);
      // every tag the model deploys; nothing that runs them is created or changed while one is missing
      imageGates[model.name] = new ModelImageGate(scope, 'image-gate', {
        repository: repositories[model.name],
        tags: deployedVersions(model),
      });
      new TerraformOutput(this, `image-repository-${model.name}`, {
        value: repositories[model.name].repositoryUrl,
        description: `Image repository of the ${model.name} model`,
      });
      if (model.serving.kind === 'lambda') {
        this.serveOnLambda(scope, model, model.serving);
      }
      if (model.serving.kind === 'sagemaker') {
        const endpoint = new SageMakerModelEndpoint(scope, 'sagemaker', {
          modelName: model.name,
          modelVersion: model.version,
          artifacts: this.artifacts,
          repository: repositories[model.name],
          encryptionKey: this.encryptionKey,
          alertTopic: this.alerts,
          dashboard: this.dashboard,
          serving: sageMakerSettings(model.serving),
          logRetentionDays: spec.logRetentionDays,
          // serverless endpoints run outside any VPC
          network: model.serving.serverless ? undefined : this.network,
          protectFromDestroy: spec.protectFromDestroy,
          imageGate: imageGates[model.name],
        });
        sageMakerEndpoints[model.name] = endpoint;
        this.sageMakerOutputs(model.name, endpoint);
      }
      if (model.serving.kind === 'kubernetes' && serveOnKubernetes) {
        kubernetesModels[model.name] = serveOnKubernetes(scope, model, model.serving);
      }
    }
    this.sageMakerEndpoints = sageMakerEndpoints;
    this.kubernetesModels = kubernetesModels;

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

  /** A Deployment (per rollout track), Services, autoscaling and ingress for each Kubernetes model. */
  private kubernetesServing():
    | ((
        scope: Construct,
        model: ResolvedModelSpec,
        serving: Extract<ResolvedModelSpec['serving'], { kind: 'kubernetes' }>,
      ) => KubernetesModelService)
    | undefined {
    const { spec, cluster, network } = this;
    if (!cluster || !network || !spec.cluster) return undefined;
    const settings = spec.cluster.serving;
    const namespaces = new Map<string, ModelNamespace>();
    const namespaceFor = (model: string): string => {
      const name = settings.namespacePerModel ? `${settings.namespace}-${model}` : settings.namespace;
      let namespace = namespaces.get(name);
      if (!namespace) {
        namespace = new ModelNamespace(this, `namespace-${name}`, {
          name,
          gpuQuota: settings.gpuQuota,
          dependsOn: cluster.inClusterDependencies,
        });
        namespaces.set(name, namespace);
      }
      return namespace.namespaceName;
    };
    // the load balancer controller's webhook injects readiness gates into model pods; GPU pods need
    // the device plugin to be schedulable and the autoscaler to get nodes
    const releases = this.clusterAddons?.releases ?? {};
    const addons = [
      releases.loadBalancerController,
      releases.nvidiaDevicePlugin,
      releases.clusterAutoscaler,
    ].filter((r) => r !== undefined);
    // access logs in protected environments: one bucket for every model's load balancer
    const exposed = spec.models.some((m) => m.serving.kind === 'kubernetes' && m.serving.ingress);
    const accessLogs =
      exposed && spec.protectFromDestroy
        ? new LoadBalancerLogBucket(this, 'load-balancer-logs', {
            expirationDays: spec.logRetentionDays,
            protectFromDestroy: spec.protectFromDestroy,
            forceDestroy: spec.forceDestroy,
          })
        : undefined;
    return (scope, model, serving) => {
      const service = new KubernetesModelService(scope, 'kubernetes', {
        cluster,
        modelName: model.name,
        modelVersion: model.version,
        namespace: namespaceFor(model.name),
        artifacts: this.artifacts,
        repository: this.repositoryOf(model.name),
        serving,
        vpcCidr: network.vpcCidr,
        region: spec.region,
        metricsNamespace: settings.metricsNamespace,
        artifactDownloaderImage: settings.artifactDownloaderImage,
        internetEgress: settings.internetEgress,
        network,
        encryptionKey: this.encryptionKey,
        logRetentionDays: spec.logRetentionDays,
        protectFromDestroy: spec.protectFromDestroy,
        accessLogBucket: accessLogs?.bucketName,
        webAclDefaults: spec.loadBalancerWaf,
        alertTopic: this.alerts,
        dashboard: this.dashboard,
        dependsOn: addons,
        imageGate: this.imageGates[model.name],
      });
      if (service.traffic) {
        new TerraformOutput(this, `kubernetes-endpoint-${model.name}`, {
          value: `https://${serving.ingress?.host ?? service.traffic.loadBalancer.dnsName}`,
          description: `Endpoint of the ${model.name} model on the cluster`,
        });
        new TerraformOutput(this, `kubernetes-load-balancer-${model.name}`, {
          value: service.traffic.loadBalancer.dnsName,
          description: `DNS name of the ${model.name} model's load balancer (point ${serving.ingress?.host ?? 'its host name'} at it)`,
        });
      }
      return service;
    };
  }

  /**
   * A model's repository: `<project>-<environment>/<model>` in the environment's account, or with
   * `images.registry` the existing `<repositoryPrefix>/<model>` of that registry (nothing created).
   */
  private createRepository(scope: Construct, model: ResolvedModelSpec): IModelImageRepository {
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
      protectedTags: deployedVersions(model),
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

  private serveOnLambda(
    scope: Construct,
    model: ResolvedModelSpec,
    serving: Extract<ResolvedModelSpec['serving'], { kind: 'lambda' }>,
  ): void {
    const lambda = new LambdaModelServing(scope, 'lambda', {
      modelName: model.name,
      modelVersion: model.version,
      artifacts: this.artifacts,
      repository: this.repositoryOf(model.name),
      encryptionKey: this.encryptionKey,
      alertTopic: this.alerts,
      logRetentionDays: this.spec.logRetentionDays,
      network: serving.vpc ? this.network : undefined,
      dashboard: this.dashboard,
      serving,
      protectFromDestroy: this.spec.protectFromDestroy,
      imageGate: this.imageGates[model.name],
    });
    new TerraformOutput(this, `api-url-${model.name}`, {
      value: lambda.url,
      description: `Where callers send inference requests for the ${model.name} model`,
    });
    new TerraformOutput(this, `function-arn-${model.name}`, {
      value: lambda.function.functionArn,
      description: `Lambda function serving the ${model.name} model`,
    });
    new TerraformOutput(this, `alias-arn-${model.name}`, {
      value: lambda.function.aliasArn,
      description: `The live alias of the ${model.name} model's function (what the API invokes)`,
    });
    new TerraformOutput(this, `release-command-${model.name}`, {
      value: lambda.releaseCommand,
      description: `Shifts the ${model.name} model to the version the last deploy published`,
    });
  }

  private sageMakerOutputs(model: string, endpoint: SageMakerModelEndpoint): void {
    new TerraformOutput(this, `sagemaker-endpoint-${model}`, {
      value: endpoint.endpointName,
      description: `SageMaker endpoint of the ${model} model`,
    });
    new TerraformOutput(this, `sagemaker-endpoint-arn-${model}`, {
      value: endpoint.endpointArn,
      description: `ARN of the SageMaker endpoint of the ${model} model`,
    });
    new TerraformOutput(this, `sagemaker-invoke-url-${model}`, {
      value: endpoint.invokeUrl,
      description: `URL that invokes the ${model} model (SigV4-signed requests, service 'sagemaker')`,
    });
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

/**
 * The versions of a model that are deployed now: their images must be in the repository before
 * anything runs them, and must never expire. A Kubernetes model deploys the version of each
 * rollout track (canary: stable and canary; blue/green: both colours); a SageMaker model the
 * version of each of its variants and of its shadow; a Lambda model its version.
 */
export function deployedVersions(model: ResolvedModelSpec): string[] {
  if (model.serving.kind === 'kubernetes') return versionsOf(model.version, model.serving);
  if (model.serving.kind === 'sagemaker') return sageMakerVersions(model.version, model.serving);
  return [model.version];
}
