/**
 * Everything that drifts, pinned as data in one place: Kubernetes versions, EKS managed add-on
 * versions per Kubernetes version, Helm chart versions and the cluster autoscaler image per
 * Kubernetes version. Changing a value here is a reviewed change of the infrastructure.
 */

/** Kubernetes minor versions this release pins add-ons for (newest last). */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.34', '1.35', '1.36'] as const;
/** The version new clusters get: the newest EKS offers in standard support. */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

/** The EKS managed add-ons the library installs. */
export interface ManagedAddonVersions {
  /** The Amazon VPC CNI add-on (`vpc-cni`), e.g. `v1.22.4-eksbuild.3`. */
  readonly vpcCni: string;
  /** The CoreDNS add-on (`coredns`). */
  readonly coredns: string;
  /** The kube-proxy add-on (`kube-proxy`); its version follows the Kubernetes version. */
  readonly kubeProxy: string;
  /** The EKS Pod Identity agent add-on (`eks-pod-identity-agent`). */
  readonly podIdentityAgent: string;
  /** The Amazon EBS CSI driver add-on (`aws-ebs-csi-driver`). */
  readonly ebsCsiDriver: string;
  /**
   * Amazon CloudWatch Observability (Container Insights with enhanced observability: the CloudWatch
   * agent, Fluent Bit and, on NVIDIA nodes, its own DCGM exporter for GPU metrics).
   */
  readonly cloudwatchObservability: string;
}

// vpc-cni, the pod identity agent and the EBS CSI driver support every listed Kubernetes version
// with one build; kube-proxy and CoreDNS follow the cluster's minor.
const shared = {
  vpcCni: 'v1.22.4-eksbuild.3',
  podIdentityAgent: 'v1.3.10-eksbuild.3',
  ebsCsiDriver: 'v1.63.1-eksbuild.1',
  // The build the CloudWatch documentation names as the first of the v6 line
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/container-insights-otel-metrics.html);
  // check it against `aws eks describe-addon-versions --addon-name amazon-cloudwatch-observability
  // --kubernetes-version <v>` before a Kubernetes upgrade.
  cloudwatchObservability: 'v6.0.1-eksbuild.1',
} as const;

/**
 * EKS managed add-on versions per Kubernetes version. Check a change against
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`.
 */
export const MANAGED_ADDON_VERSIONS: Readonly<Record<string, ManagedAddonVersions>> = {
  '1.34': { ...shared, coredns: 'v1.13.2-eksbuild.7', kubeProxy: 'v1.34.6-eksbuild.13' },
  '1.35': { ...shared, coredns: 'v1.14.2-eksbuild.4', kubeProxy: 'v1.35.3-eksbuild.13' },
  '1.36': { ...shared, coredns: 'v1.14.3-eksbuild.16', kubeProxy: 'v1.36.0-eksbuild.14' },
};

/** A pinned Helm chart. */
export interface PinnedChart {
  /** The chart repository's URL. */
  readonly repository: string;
  /** The chart's name in the repository. */
  readonly chart: string;
  /** The exact chart version installed. */
  readonly version: string;
}

/** The Helm charts the library installs. */
export const HELM_CHARTS = {
  nvidiaDevicePlugin: {
    repository: 'https://nvidia.github.io/k8s-device-plugin',
    chart: 'nvidia-device-plugin',
    version: '0.20.0',
  },
  metricsServer: {
    repository: 'https://kubernetes-sigs.github.io/metrics-server/',
    chart: 'metrics-server',
    version: '3.13.0',
  },
  clusterAutoscaler: {
    repository: 'https://kubernetes.github.io/autoscaler',
    chart: 'cluster-autoscaler',
    version: '9.59.0',
  },
  // chart 1.14.x deploys controller v2.14, whose IAM policy src/cluster/private/controller-policies.ts encodes
  loadBalancerController: {
    repository: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '1.14.0',
  },
} as const satisfies Record<string, PinnedChart>;

/** Cluster autoscaler image tag per Kubernetes version (the autoscaler must match the minor). */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.1',
  '1.36': 'v1.36.1',
};

/** Image of the init container that downloads model artifacts from S3 (AWS CLI v2). */
export const ARTIFACT_DOWNLOADER_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.15.62';
