import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { Construct } from 'constructs';
import type { IAlertTopic } from '../../../core/alert-topic';
import { AwsContext } from '../../../core/aws-context';
import type { EncryptedLogGroup } from '../../../core/encrypted-log-group';
import type { IEncryptionKey } from '../../../core/grants';
import type { Naming } from '../../../core/naming';
import type { ServiceRole } from '../../../core/service-role';
import type { IServingNetwork } from '../../../network/serving-network';
import type { IModelImageRepository } from '../../../registry/model-image-repository';
import type { IModelArtifactBucket } from '../../../storage/model-artifact-bucket';
import type { ResolvedSageMakerServingSettings } from '../spec';
import { ASYNC_INFERENCE_ROOT, DATA_CAPTURE_ROOT } from './roots';

/** The role's grants: artifact prefix, repository, log group, metrics, and what the settings ask for. */
export function grantRuntimeAccess(
  role: ServiceRole,
  p: {
    modelName: string;
    artifacts: IModelArtifactBucket;
    repository: IModelImageRepository;
    encryptionKey: IEncryptionKey;
    alertTopic: IAlertTopic;
  },
  s: ResolvedSageMakerServingSettings,
  logs: EncryptedLogGroup,
): void {
  p.artifacts.grantRead(role, p.artifacts.prefixFor(p.modelName));
  p.repository.grantPull(role);
  role.addToPrincipalPolicy(
    {
      actions: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogStreams',
      ],
      resources: [logs.logGroupArn, logs.streamsArn],
    },
    {
      // PutMetricData has no resource-level permissions: the namespace condition is the scope
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: [{ test: 'StringLike', variable: 'cloudwatch:namespace', values: ['/aws/sagemaker/*'] }],
    },
  );
  if (s.dataCapture) p.artifacts.grantWrite(role, `${DATA_CAPTURE_ROOT}${p.modelName}/`);
  if (s.async) {
    p.artifacts.grantRead(role, `${ASYNC_INFERENCE_ROOT}${p.modelName}/input/`);
    p.artifacts.grantWrite(role, `${ASYNC_INFERENCE_ROOT}${p.modelName}/`);
    if (s.async.notifyErrors) {
      role.addToPrincipalPolicy({ actions: ['sns:Publish'], resources: [p.alertTopic.topicArn] });
      p.encryptionKey.grantEncryptDecrypt(role, { viaService: 'sns' });
    }
  }
}

/** A security group (HTTPS out only) and the role's permissions for the model's network interfaces. */
export function joinNetwork(
  scope: Construct,
  role: ServiceRole,
  network: IServingNetwork,
  naming: Naming,
  model: string,
): { subnets: string[]; securityGroupIds: string[] } {
  const aws = AwsContext.of(scope);
  const securityGroup = new SecurityGroup(scope, 'security-group', {
    name: naming.name([model, 'sagemaker'], 255),
    description: `Network interfaces of the ${model} SageMaker model: no inbound rules, HTTPS out`,
    vpcId: network.vpcId,
  });
  new VpcSecurityGroupEgressRule(scope, 'https-out', {
    securityGroupId: securityGroup.id,
    description: 'HTTPS to S3, ECR and CloudWatch, through VPC endpoints or NAT',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  role.addToPrincipalPolicy(
    {
      // EC2 describe actions have no resource-level permissions
      actions: [
        'ec2:DescribeVpcs',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeNetworkInterfaces',
      ],
      resources: ['*'],
    },
    {
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:CreateNetworkInterfacePermission',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteNetworkInterfacePermission',
      ],
      resources: ['*'],
      conditions: [
        {
          test: 'ArnEqualsIfExists',
          variable: 'ec2:Vpc',
          values: [aws.arn('ec2', `vpc/${network.vpcId}`)],
        },
      ],
    },
  );
  return { subnets: [...network.privateSubnetIds], securityGroupIds: [securityGroup.id] };
}
