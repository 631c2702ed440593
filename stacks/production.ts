import { presets, type ModelServingEnvironmentProps } from '../src';

// ---------------------------------------------------------------------------------------------
// PLACEHOLDERS: replace every value below with your own before the first deploy (the README's
// "First deploy" table lists them). They are valid in form only, so the stack synthesizes as is.
//
// Production keeps its Kubernetes API endpoint private: the deploy runs on CI runners inside the
// existing VPC below, admitted to the endpoint by RUNNERS_PRIVATE_CIDR.
// ---------------------------------------------------------------------------------------------

/** PLACEHOLDER: the AWS account production deploys into (the provider refuses any other). */
const PRODUCTION_ACCOUNT_ID = '222222222222';
/** PLACEHOLDER: the existing, versioned S3 bucket that holds the Terraform state. */
const STATE_BUCKET = 'acme-ml-terraform-state';
/** PLACEHOLDER: the role people administer the cluster with. */
const ADMIN_ROLE_ARN = `arn:aws:iam::${PRODUCTION_ACCOUNT_ID}:role/ml-platform-admin`;
/** PLACEHOLDER: the role CI deploys with (`cdktf deploy` runs as this role). */
const DEPLOYER_ROLE_ARN = `arn:aws:iam::${PRODUCTION_ACCOUNT_ID}:role/terraform-deployer`;
/** PLACEHOLDER: the address alarms are mailed to. */
const ALERT_EMAIL = 'ml-platform-oncall@example.com';
/** PLACEHOLDER: the ACM certificate (in the stack's region) for the fraud model's host name. */
const FRAUD_CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${PRODUCTION_ACCOUNT_ID}:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890`;
/** PLACEHOLDER: the fraud model's host name (covered by the certificate). */
const FRAUD_HOST = 'fraud.ml.acme.example';
/**
 * PLACEHOLDER: the existing VPC the CI runners share. Its private subnets need outbound access to
 * AWS (a NAT gateway, or interface endpoints for ECR, STS, EKS, EKS Auth, CloudWatch Logs and an
 * S3 gateway endpoint): the library creates neither in a VPC it does not own.
 */
const VPC_ID = 'vpc-0123456789abcdef0';
/** PLACEHOLDER: that VPC's IPv4 block. */
const VPC_CIDR = '10.40.0.0/16';
/** PLACEHOLDER: its private subnets, one per availability zone (EKS-supported zones only). */
const PRIVATE_SUBNET_IDS = [
  'subnet-0123456789abcdef1',
  'subnet-0123456789abcdef2',
  'subnet-0123456789abcdef3',
];
/** PLACEHOLDER: the block the CI runners' addresses come from (inside the VPC or joined to it). */
const RUNNERS_PRIVATE_CIDR = '10.40.240.0/20';

/** The production environment. */
export const production: ModelServingEnvironmentProps = {
  ...presets.production,
  project: 'acme-ml',
  region: 'us-east-1',
  allowedAccountIds: [PRODUCTION_ACCOUNT_ID],
  tags: { CostCenter: 'ml-platform', Owner: 'ml-platform-team' },
  backend: { s3: { bucket: STATE_BUCKET } },
  alerting: { emails: [ALERT_EMAIL] },
  artifacts: {
    transition: { afterDays: 90, storageClass: 'INTELLIGENT_TIERING' },
    replicaRegion: 'us-west-2',
  },
  images: { enhancedScanning: true },
  network: {
    existing: { vpcId: VPC_ID, vpcCidr: VPC_CIDR, privateSubnetIds: PRIVATE_SUBNET_IDS },
  },
  cluster: {
    adminRoleArns: [ADMIN_ROLE_ARN, DEPLOYER_ROLE_ARN],
    deployerRoleArn: DEPLOYER_ROLE_ARN,
    // no publicAccessCidrs: the API endpoint is private, reached from the runners' network only
    privateAccessCidrs: [RUNNERS_PRIVATE_CIDR],
    gpuNodeGroups: [
      { name: 'a10g', instanceTypes: ['g5.2xlarge'], minSize: 1, maxSize: 10 },
      {
        // one shape (8 vCPU, 64 GiB, 1 GPU): the autoscaler sizes scale-ups from zero from one type
        name: 'l40s',
        instanceTypes: ['g6e.2xlarge'],
        minSize: 0,
        maxSize: 4,
        amiType: 'BOTTLEROCKET_x86_64_NVIDIA',
      },
    ],
  },
  models: [
    {
      name: 'fraud',
      version: 'v1.4.0',
      serving: {
        kind: 'kubernetes',
        gpu: 1,
        gpuNodeGroup: 'a10g',
        replicas: { min: 2, max: 8 },
        cpu: '4',
        memory: '16Gi',
        sharedMemory: '4Gi',
        modelLoadSeconds: 600,
        ingress: { certificateArn: FRAUD_CERTIFICATE_ARN, host: FRAUD_HOST },
        // 10% of requests go to v1.4.0; promote with stableVersion: 'v1.4.0'
        rollout: { strategy: 'canary', stableVersion: 'v1.3.0', canaryWeight: 10 },
      },
    },
    {
      name: 'recommender',
      version: 'v2.1.0',
      serving: {
        kind: 'sagemaker',
        instanceType: 'ml.g5.xlarge',
        instances: { min: 2, max: 10 },
        // A/B test: the challenger gets a tenth of the traffic; promote it by setting `version`
        variants: [
          { name: 'current', weight: 90 },
          { name: 'challenger', version: 'v2.2.0', weight: 10 },
        ],
        rollout: {
          strategy: 'canary',
          canaryPercent: 10,
          waitSeconds: 600,
          terminationWaitSeconds: 300,
          maxExecutionTimeoutSeconds: 3600,
        },
        alarms: { p99LatencyMs: 300 },
        dataCapture: { samplingPercent: 5 },
      },
    },
    {
      name: 'sentiment',
      version: 'v1.0.0',
      serving: {
        kind: 'lambda',
        memoryMiB: 3008,
        architecture: 'arm64',
        timeoutSeconds: 10,
        ephemeralStorageMiB: 2048,
        reservedConcurrency: 100,
        provisionedConcurrency: {
          min: 2,
          max: 50,
          utilizationTarget: 0.7,
          scheduledActions: [
            {
              name: 'business-hours',
              schedule: 'cron(0 7 ? * MON-FRI *)',
              timezone: 'America/New_York',
              min: 10,
              max: 50,
            },
            {
              name: 'off-hours',
              schedule: 'cron(0 20 ? * MON-FRI *)',
              timezone: 'America/New_York',
              min: 2,
              max: 50,
            },
          ],
        },
        rollout: { strategy: 'canary', percent: 10 },
        api: { kind: 'http-api', auth: { type: 'iam' }, throttling: { ratePerSecond: 500, burst: 1000 } },
      },
    },
  ],
};
