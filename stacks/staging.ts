import { presets, type ModelServingEnvironmentProps } from '../src';

// ---------------------------------------------------------------------------------------------
// PLACEHOLDERS: replace every value below with your own before the first deploy (the README's
// "First deploy" table lists them). They are valid in form only, so the stack synthesizes as is.
// ---------------------------------------------------------------------------------------------

/** PLACEHOLDER: the AWS account staging deploys into (the provider refuses any other). */
const STAGING_ACCOUNT_ID = '111111111111';
/** PLACEHOLDER: the existing, versioned S3 bucket that holds the Terraform state. */
const STATE_BUCKET = 'acme-ml-terraform-state';
/** PLACEHOLDER: the role people administer the cluster with. */
const ADMIN_ROLE_ARN = `arn:aws:iam::${STAGING_ACCOUNT_ID}:role/ml-platform-admin`;
/** PLACEHOLDER: the role CI deploys with (`cdktf deploy` runs as this role). */
const DEPLOYER_ROLE_ARN = `arn:aws:iam::${STAGING_ACCOUNT_ID}:role/terraform-deployer`;
/** PLACEHOLDER: the address alarms are mailed to. */
const ALERT_EMAIL = 'ml-platform-alerts@example.com';
/** PLACEHOLDER: the ACM certificate (in the stack's region) for the fraud model's host name. */
const FRAUD_CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${STAGING_ACCOUNT_ID}:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
/** PLACEHOLDER: the fraud model's host name (covered by the certificate). */
const FRAUD_HOST = 'fraud.staging.ml.acme.example';
/**
 * PLACEHOLDER: the deploy runner's public egress address as a /32 (for a runner behind a NAT
 * gateway, that gateway's Elastic IP): the only address the public API endpoint admits. The value
 * below is an arbitrary public address that is not yours: until it is replaced, the Kubernetes
 * and Helm providers cannot reach the cluster.
 */
const DEPLOY_RUNNER_EGRESS_CIDR = '34.192.0.10/32';
/**
 * PLACEHOLDER: the CI runners' private network, admitted to the private endpoint once it is joined
 * to the staging VPC (peering, Transit Gateway or VPN); then `publicAccessCidrs` can be emptied.
 */
const RUNNERS_PRIVATE_CIDR = '10.20.0.0/16';

/** The staging environment: same code as production, staging policy. */
export const staging: ModelServingEnvironmentProps = {
  ...presets.staging,
  project: 'acme-ml',
  region: 'us-east-1',
  allowedAccountIds: [STAGING_ACCOUNT_ID],
  tags: { CostCenter: 'ml-platform', Owner: 'ml-platform-team' },
  backend: { s3: { bucket: STATE_BUCKET } },
  alerting: { emails: [ALERT_EMAIL] },
  // its own VPC: the first apply reaches the API through the public endpoint, from the runner only
  network: { cidr: '10.30.0.0/16' },
  cluster: {
    adminRoleArns: [ADMIN_ROLE_ARN, DEPLOYER_ROLE_ARN],
    deployerRoleArn: DEPLOYER_ROLE_ARN,
    publicAccessCidrs: [DEPLOY_RUNNER_EGRESS_CIDR],
    privateAccessCidrs: [RUNNERS_PRIVATE_CIDR],
    gpuNodeGroups: [
      // Spot: two types of one shape (8 vCPU, 32 GiB, 1 GPU), so a dry pool does not stop scale-ups
      { name: 'single-gpu', instanceTypes: ['g5.2xlarge', 'g6.2xlarge'], minSize: 0, maxSize: 3 },
    ],
  },
  models: [
    {
      name: 'fraud',
      version: 'v1.4.0',
      serving: {
        kind: 'kubernetes',
        gpu: 1,
        replicas: { min: 1, max: 2 },
        // the same requests as production: the same model
        cpu: '4',
        memory: '16Gi',
        ingress: { certificateArn: FRAUD_CERTIFICATE_ARN, host: FRAUD_HOST },
        // green (v1.4.0) takes live traffic; blue keeps v1.3.0 warm for a switch back
        rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1.3.0', greenVersion: 'v1.4.0' },
      },
    },
    {
      name: 'recommender',
      version: 'v2.2.0-rc1',
      serving: {
        kind: 'sagemaker',
        instanceType: 'ml.g5.xlarge',
        instances: { min: 1, max: 2 },
        rollout: { strategy: 'allAtOnce', waitSeconds: 60 },
        alarms: { p99LatencyMs: 300 },
        // one instance at night and on weekends, up to two on weekdays
        scheduledActions: [
          { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'America/New_York', max: 1 },
          { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'America/New_York', max: 2 },
        ],
      },
    },
    {
      name: 'sentiment',
      version: 'v1.1.0',
      serving: {
        kind: 'lambda',
        memoryMiB: 3008,
        architecture: 'arm64',
        timeoutSeconds: 10,
        ephemeralStorageMiB: 2048,
        reservedConcurrency: 10,
        provisionedConcurrency: { min: 1, max: 5 },
        rollout: { strategy: 'predefined', config: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' },
        api: { kind: 'http-api', auth: { type: 'iam' }, throttling: { ratePerSecond: 20, burst: 40 } },
      },
    },
  ],
};
