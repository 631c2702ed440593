import { presets, validateEnvironmentSpec, type SpecIssue } from '../../src';
import { environmentSpecSchema } from '../../src/config/schema';
import { productionSpec, rejectSpec, stagingSpec } from '../helpers';

const DNS_PROJECT =
  "must be a lowercase DNS label of 2-16 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-')";
const DNS_MODEL =
  "must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-')";
const VPC_CIDR =
  'must be a private IPv4 CIDR block (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) with a prefix between /16 and /24, given as its network address';

const rejection = rejectSpec;
const REGION =
  "must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included)";

const kubernetesModel = { name: 'fraud', version: 'v1', serving: { kind: 'kubernetes' } } as const;
const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const cluster = { adminRoleArns: [ADMIN], privateAccessCidrs: ['10.20.0.0/16'] };
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

interface Case {
  readonly title: string;
  readonly name?: string;
  readonly spec: object;
  readonly issue: SpecIssue;
}

const cases: Case[] = [
  {
    title: 'a project name with capitals',
    spec: stagingSpec({ project: 'Acme' }),
    issue: { path: 'project', message: DNS_PROJECT, value: 'Acme' },
  },
  {
    title: 'a project name longer than 16 characters',
    spec: stagingSpec({ project: 'a-very-long-project' }),
    issue: { path: 'project', message: DNS_PROJECT, value: 'a-very-long-project' },
  },
  {
    title: 'a project name with consecutive hyphens',
    spec: stagingSpec({ project: 'acme--ml' }),
    issue: { path: 'project', message: DNS_PROJECT, value: 'acme--ml' },
  },
  {
    title: 'a missing project',
    spec: { ...stagingSpec(), project: undefined },
    issue: { path: 'project', message: 'is required', value: undefined },
  },
  {
    title: 'an environment name that is not a DNS label',
    name: 'Prod_EU',
    spec: stagingSpec(),
    issue: {
      path: 'environment (the stack id)',
      message:
        "must be a lowercase DNS label of 2-12 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-')",
      value: 'Prod_EU',
    },
  },
  {
    title: 'a region that is not a region code',
    spec: stagingSpec({ region: 'us-east' }),
    issue: {
      path: 'region',
      message: `${REGION} (did you mean 'us-east-1'?)`,
      value: 'us-east',
    },
  },
  {
    title: 'an account ID that is not 12 digits',
    spec: stagingSpec({ allowedAccountIds: ['1234567890'] }),
    issue: {
      path: 'allowedAccountIds[0]',
      message: 'must be a 12-digit AWS account ID',
      value: '1234567890',
    },
  },
  {
    title: "a tag key that starts with 'aws:'",
    spec: stagingSpec({ tags: { 'aws:team': 'ml' } }),
    issue: {
      path: 'tags["aws:team"]',
      message: "tag keys may not start with 'aws:' (reserved by AWS): choose another key",
      value: 'aws:team',
    },
  },
  {
    title: 'a tag key the library sets itself',
    spec: stagingSpec({ tags: { Environment: 'prod' } }),
    issue: {
      path: 'tags.Environment',
      message:
        "tag keys Project, Environment, ManagedBy are set by the library: choose another key (1-128 characters of letters, digits, spaces and _ . : / = + - @, not starting with 'aws:')",
      value: 'Environment',
    },
  },
  {
    title: 'a tag value longer than 256 characters',
    spec: stagingSpec({ tags: { Owner: 'x'.repeat(257) } }),
    issue: {
      path: 'tags.Owner',
      message: 'tag values must be 0-256 characters of letters, digits, spaces and _ . : / = + - @',
      value: 'x'.repeat(257),
    },
  },
  {
    title: 'more than 40 tags',
    spec: stagingSpec({ tags: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, 'v'])) }),
    issue: {
      path: 'tags',
      message: 'must have at most 40 tags',
      value: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, 'v'])),
    },
  },
  {
    title: 'tags that are not an object',
    spec: stagingSpec({ tags: 'team=ml' as never }),
    issue: { path: 'tags', message: 'must be an object', value: 'team=ml' },
  },
  {
    title: 'a log retention CloudWatch does not offer',
    spec: stagingSpec({ logRetentionDays: 42 }),
    issue: {
      path: 'logRetentionDays',
      message:
        "must be one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) in days",
      value: 42,
    },
  },
  {
    title: 'a key deletion window below 7 days',
    spec: stagingSpec({ keyDeletionWindowDays: 3 }),
    issue: {
      path: 'keyDeletionWindowDays',
      message: 'must be a whole number between 7 and 30 days',
      value: 3,
    },
  },
  {
    title: 'an alert address that is not an e-mail address',
    spec: stagingSpec({ alerting: { emails: ['oncall'] } }),
    issue: {
      path: 'alerting.emails[0]',
      message: 'must be an e-mail address such as ops@example.com',
      value: 'oncall',
    },
  },
  {
    title: 'an alert address listed twice (SNS takes one subscription per address)',
    spec: stagingSpec({ alerting: { emails: ['ml@example.com', 'ml@example.com'] } }),
    issue: { path: 'alerting.emails[1]', message: 'must not repeat item 0', value: 'ml@example.com' },
  },
  {
    title: 'a production environment without a remote backend',
    name: 'production',
    spec: { ...stagingSpec(), forceDestroy: false },
    issue: {
      path: 'backend',
      message:
        "is required for the 'production' environment: its state must be remote, encrypted and locked (backend: { s3: { bucket } })",
      value: undefined,
    },
  },
  {
    title: 'a protected environment without a remote backend',
    name: 'prod-eu',
    spec: { ...presets.production, project: 'acme-ml', region: 'eu-west-1' },
    issue: {
      path: 'backend',
      message:
        'is required when protectFromDestroy is true (the default): protected environments keep their state remotely (backend: { s3: { bucket } })',
      value: undefined,
    },
  },
  {
    title: 'forceDestroy on a protected environment',
    spec: productionSpec({ forceDestroy: true }),
    issue: {
      path: 'forceDestroy',
      message: 'must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it)',
      value: true,
    },
  },
  {
    title: 'a state bucket name with capitals',
    spec: productionSpec({ backend: { s3: { bucket: 'Acme_State' } } }),
    issue: {
      path: 'backend.s3.bucket',
      message:
        "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, without '..', an IP address form, an 'xn--' prefix or a reserved suffix",
      value: 'Acme_State',
    },
  },
  {
    title: 'a state key that is not a KMS ARN',
    spec: productionSpec({ backend: { s3: { bucket: 'acme-state', kmsKeyId: 'my-key' } } }),
    issue: {
      path: 'backend.s3.kmsKeyId',
      message:
        "must be a KMS key or alias ARN 'arn:<partition>:kms:<region>:<account>:key/<id>|alias/<name>'",
      value: 'my-key',
    },
  },
  {
    title: 'a VPC CIDR with a prefix shorter than /16',
    spec: stagingSpec({ network: { cidr: '10.0.0.0/8' } }),
    issue: { path: 'network.cidr', message: VPC_CIDR, value: '10.0.0.0/8' },
  },
  {
    title: 'a VPC CIDR outside the private ranges',
    spec: stagingSpec({ network: { cidr: '8.8.0.0/16' } }),
    issue: { path: 'network.cidr', message: VPC_CIDR, value: '8.8.0.0/16' },
  },
  {
    title: 'a VPC CIDR that is not a network address',
    spec: stagingSpec({ network: { cidr: '10.0.1.0/16' } }),
    issue: { path: 'network.cidr', message: VPC_CIDR, value: '10.0.1.0/16' },
  },
  {
    title: 'an API access CIDR that is not a CIDR block',
    spec: stagingSpec({ cluster: { ...cluster, publicAccessCidrs: ['203.0.113.7/33'] } }),
    issue: {
      path: 'cluster.publicAccessCidrs[0]',
      message:
        "must be an IPv4 CIDR block given as its network address (host bits zero), such as '52.94.76.0/24'",
      value: '203.0.113.7/33',
    },
  },
  {
    title: 'a model name with capitals',
    spec: stagingSpec({ models: [{ ...kubernetesModel, name: 'Fraud' }], cluster }),
    issue: { path: 'models[0].name', message: DNS_MODEL, value: 'Fraud' },
  },
  {
    title: 'a model name longer than 20 characters',
    spec: stagingSpec({ models: [{ ...kubernetesModel, name: 'fraud-detection-model' }], cluster }),
    issue: { path: 'models[0].name', message: DNS_MODEL, value: 'fraud-detection-model' },
  },
  {
    title: 'two models with the same name',
    spec: stagingSpec({ models: [kubernetesModel, kubernetesModel], cluster }),
    issue: {
      path: 'models[1].name',
      message: 'must be unique (models[0] has the same name)',
      value: 'fraud',
    },
  },
  {
    title: 'a model version ending with a hyphen',
    spec: stagingSpec({ models: [{ ...kubernetesModel, version: 'v1.0-' }], cluster }),
    issue: {
      path: 'models[0] (fraud).version',
      message:
        "must be 1-63 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit (e.g. 'v1.3.0')",
      value: 'v1.0-',
    },
  },
  {
    title: 'an unknown serving kind',
    spec: stagingSpec({ models: [{ ...kubernetesModel, serving: { kind: 'ec2' } as never }] }),
    issue: {
      path: 'models[0] (fraud).serving.kind',
      message: 'must be one of "kubernetes", "sagemaker", "lambda"',
      value: 'ec2',
    },
  },
  {
    title: 'a Kubernetes model without a cluster',
    spec: stagingSpec({ models: [kubernetesModel] }),
    issue: {
      path: 'models[0] (fraud).serving.kind',
      message: "needs a cluster: add 'cluster' to the environment spec",
      value: 'kubernetes',
    },
  },
  {
    title: 'a replica range with min above max',
    spec: stagingSpec({
      cluster,
      models: [{ ...kubernetesModel, serving: { kind: 'kubernetes', replicas: { min: 5, max: 2 } } }],
    }),
    issue: { path: 'models[0] (fraud).serving.replicas.min', message: 'must not exceed max (2)', value: 5 },
  },
  {
    title: 'Lambda memory below 128 MiB',
    spec: stagingSpec({
      models: [{ name: 'nlp', version: 'v1', serving: { kind: 'lambda', memoryMiB: 100 } }],
    }),
    issue: {
      path: 'models[0] (nlp).serving.memoryMiB',
      message: 'must be a whole number between 128 and 10240 MiB',
      value: 100,
    },
  },
  {
    title: 'a GPU node group with minSize above maxSize',
    spec: stagingSpec({
      cluster: {
        ...cluster,
        gpuNodeGroups: [{ name: 'g5', instanceTypes: ['g5.xlarge'], minSize: 3, maxSize: 1 }],
      },
    }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].minSize',
      message: 'must not exceed maxSize (1)',
      value: 3,
    },
  },
  {
    title: 'a misspelt field',
    spec: { ...stagingSpec(), protectFromDestory: false },
    issue: {
      path: 'protectFromDestory',
      message: `is not a known field (did you mean \`protectFromDestroy\`?); allowed fields: ${Object.keys(environmentSpecSchema.shape).join(', ')}`,
      value: false,
    },
  },
  {
    title: 'an artifact replica in the environment region',
    spec: stagingSpec({ artifacts: { replicaRegion: 'us-east-1' } }),
    issue: {
      path: 'artifacts.replicaRegion',
      message: "must differ from the environment's region (us-east-1): a replica is for another region",
      value: 'us-east-1',
    },
  },
  {
    title: 'an artifact transition to STANDARD_IA before 30 days',
    spec: stagingSpec({ artifacts: { transition: { afterDays: 7, storageClass: 'STANDARD_IA' } } }),
    issue: {
      path: 'artifacts.transition.afterDays',
      message: 'must be at least 30 days for STANDARD_IA (an S3 lifecycle rule)',
      value: 7,
    },
  },
  {
    title: 'an artifact transition to an archive class',
    spec: stagingSpec({
      artifacts: { transition: { afterDays: 90, storageClass: 'DEEP_ARCHIVE' as never } },
    }),
    issue: {
      path: 'artifacts.transition.storageClass',
      message: 'must be one of "INTELLIGENT_TIERING", "STANDARD_IA", "GLACIER_IR"',
      value: 'DEEP_ARCHIVE',
    },
  },
  {
    title: 'an artifact bucket name with an underscore',
    spec: stagingSpec({ artifacts: { bucketName: 'acme_models' } }),
    issue: {
      path: 'artifacts.bucketName',
      message:
        "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, without '..', an IP address form, an 'xn--' prefix or a reserved suffix",
      value: 'acme_models',
    },
  },
  {
    title: 'noncurrent artifact versions kept for 0 days',
    spec: stagingSpec({ artifactVersionExpiryDays: 0 }),
    issue: {
      path: 'artifactVersionExpiryDays',
      message: 'must be a whole number between 1 and 3650 days',
      value: 0,
    },
  },
  {
    title: 'keeping no release images',
    spec: stagingSpec({ keepReleaseImages: 0 }),
    issue: {
      path: 'keepReleaseImages',
      message: 'must be a whole number between 1 and 1000 images',
      value: 0,
    },
  },
  {
    title: 'untagged images kept for more than a year',
    spec: stagingSpec({ untaggedImageExpiryDays: 400 }),
    issue: {
      path: 'untaggedImageExpiryDays',
      message: 'must be a whole number between 1 and 365 days',
      value: 400,
    },
  },
  {
    title: 'a pull account ID that is not 12 digits',
    spec: stagingSpec({ images: { pullAccountIds: ['12345'] } }),
    issue: { path: 'images.pullAccountIds[0]', message: 'must be a 12-digit AWS account ID', value: '12345' },
  },
  {
    title: 'a release tag pattern with a space',
    spec: stagingSpec({ images: { releaseTagPattern: 'v *' } }),
    issue: {
      path: 'images.releaseTagPattern',
      message: "must be a tag pattern of A-Z a-z 0-9 _ . - and '*'",
      value: 'v *',
    },
  },
  {
    title: 'a boolean given as a string',
    spec: stagingSpec({ protectFromDestroy: 'no' as never }),
    issue: { path: 'protectFromDestroy', message: 'must be true or false', value: 'no' },
  },
];

describe('an invalid environment spec', () => {
  it.each(cases)(
    'is rejected for $title, naming the path, the rule and the value',
    ({ name, spec, issue }) => {
      const error = rejection(name ?? 'staging', spec);
      expect(error.issues).toContainEqual(issue);
      const got = issue.value === undefined ? '' : ', got ';
      expect(error.message).toContain(`  - ${issue.path}: ${issue.message}${got}`);
    },
  );

  it('reports every problem at once, each on its own line', () => {
    const error = rejection('production', {
      ...presets.staging,
      project: 'ACME',
      region: 'mars-1',
      logRetentionDays: 2,
      models: [{ name: 'a', version: 'v1', serving: { kind: 'lambda', memoryMiB: 1 } }],
    });
    expect(error.issues.map((i) => i.path)).toEqual([
      'project',
      'region',
      'logRetentionDays',
      'models[0] (a).serving.memoryMiB',
      'backend',
    ]);
    expect(error.message.split('\n')[0]).toBe("Invalid environment spec for 'production' (5 problems):");
    expect(error.message).toContain(`  - region: ${REGION}, got "mars-1"`);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['systemNodes', { protectFromDestroy: true, forceDestroy: false, systemNodes: null }, 'systemNodes'],
    ['cluster', { cluster: null }, 'cluster'],
    [
      'network.existing',
      {
        network: { existing: null },
        cluster,
        models: [
          {
            name: 'fraud',
            version: 'v1',
            serving: { kind: 'kubernetes', ingress: { certificateArn: CERT, internetFacing: true } },
          },
        ],
      },
      'network.existing',
    ],
    [
      'a GPU node group',
      { cluster: { adminRoleArns: ['arn:aws:iam::123456789012:role/admin'], gpuNodeGroups: [null] } },
      'cluster.gpuNodeGroups[0]',
    ],
    [
      "a Lambda model's provisioned concurrency",
      { models: [{ name: 'nlp', version: 'v1', serving: { kind: 'lambda', provisionedConcurrency: null } }] },
      'models[0] (nlp).serving.provisionedConcurrency',
    ],
  ])('reports %s given as null as an issue (the rules across fields skip it)', (_what, fields, path) => {
    const error = rejection('staging', { ...stagingSpec(), ...fields });
    expect(error.issues.map((i) => i.path)).toContain(path);
  });

  it('is rejected by validateEnvironmentSpec without building anything', () => {
    expect(() => validateEnvironmentSpec('staging', stagingSpec({ region: 'nowhere' }))).toThrow(
      /region: must be an AWS Region code/,
    );
  });
});

describe('a valid environment spec', () => {
  it('gets the production-safe defaults for every policy field it leaves out', () => {
    const { spec } = validateEnvironmentSpec('prod-eu', {
      project: 'acme-ml',
      region: 'eu-west-1',
      backend: { s3: { bucket: 'acme-state' } },
    });
    expect(spec).toMatchObject({
      protectFromDestroy: true,
      forceDestroy: false,
      logRetentionDays: 365,
      keyDeletionWindowDays: 30,
      artifactVersionExpiryDays: 180,
      keepReleaseImages: 30,
      untaggedImageExpiryDays: 7,
      artifacts: {},
      images: { enhancedScanning: false, pullAccountIds: [], releaseTagPattern: '*' },
      tags: {},
      alerting: { emails: [] },
      models: [],
    });
    // the production preset is the schema's defaults written out
    expect(spec).toMatchObject({ ...presets.production });
  });

  it('keeps the values of the preset it spreads', () => {
    const { spec } = validateEnvironmentSpec('staging', stagingSpec());
    expect(spec).toMatchObject({ ...presets.staging });
  });

  it('fills model defaults per serving kind', () => {
    const { spec } = validateEnvironmentSpec(
      'staging',
      stagingSpec({
        cluster,
        models: [kubernetesModel, { name: 'nlp', version: 'v2', serving: { kind: 'lambda' } }],
      }),
    );
    expect(spec.models[0].serving).toMatchObject({
      kind: 'kubernetes',
      gpu: 0,
      replicas: { min: 2, max: 4 },
      cpu: '1',
      memory: '4Gi',
      port: 8080,
      modelLoadSeconds: 300,
      rollout: { strategy: 'rolling' },
    });
    // every Lambda default: test/config/lambda-serving.test.ts
    expect(spec.models[1].serving).toMatchObject({ kind: 'lambda', memoryMiB: 2048, timeoutSeconds: 30 });
  });
});

describe('presets', () => {
  it('are frozen so one environment cannot change another', () => {
    expect(Object.isFrozen(presets.production)).toBe(true);
    expect(() => {
      (presets.production as { logRetentionDays: number }).logRetentionDays = 1;
    }).toThrow(TypeError);
  });

  it('differ only in data: staging may be destroyed, production is protected', () => {
    expect(presets.staging).toEqual({
      protectFromDestroy: false,
      forceDestroy: true,
      logRetentionDays: 30,
      keyDeletionWindowDays: 7,
      artifactVersionExpiryDays: 30,
      keepReleaseImages: 10,
      untaggedImageExpiryDays: 1,
      availabilityZones: 2,
      natGateways: 'single',
      interfaceEndpoints: false,
      systemNodes: { instanceTypes: ['t3.large'], minSize: 1, maxSize: 3 },
      gpuCapacityType: 'SPOT',
      minReplicas: 0,
      loadBalancerWaf: { enabled: false, rateLimitPer5Minutes: 2000 },
      controlPlaneLogTypes: ['api', 'audit', 'authenticator'],
    });
    expect(presets.production).toEqual({
      protectFromDestroy: true,
      forceDestroy: false,
      logRetentionDays: 365,
      keyDeletionWindowDays: 30,
      artifactVersionExpiryDays: 180,
      keepReleaseImages: 30,
      untaggedImageExpiryDays: 7,
      availabilityZones: 3,
      natGateways: 'perAz',
      interfaceEndpoints: true,
      systemNodes: { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 4 },
      gpuCapacityType: 'ON_DEMAND',
      minReplicas: 1,
      // a web ACL on every Kubernetes model's load balancer
      loadBalancerWaf: { enabled: true, rateLimitPer5Minutes: 2000 },
      controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    });
  });
});
