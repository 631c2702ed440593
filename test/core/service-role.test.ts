import { RoleTrusts, ServiceRole, SpecValidationError } from '../../src';
import { Synthesized, errorOf, plainStack, synthScope } from '../helpers';

describe('ServiceRole', () => {
  it('is assumable only by the given service, on the given conditions', () => {
    const out = synthScope(
      (scope) =>
        new ServiceRole(scope, 'endpoint', {
          assumedBy: RoleTrusts.service('sagemaker.amazonaws.com', [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
          ]),
          description: 'Runs the endpoint',
        }),
    );
    const role = out.resource('aws_iam_role');
    expect(role.name).toBe('test-endpoint');
    expect(role.description).toBe('Runs the endpoint');
    expect(out.policyStatements(role.assume_role_policy)).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
      },
    ]);
  });

  it('trusts EKS Pod Identity with session tags', () => {
    const out = synthScope(
      (scope) => new ServiceRole(scope, 'pods', { assumedBy: RoleTrusts.eksPodIdentity() }),
    );
    expect(out.policyStatements(out.resource('aws_iam_role').assume_role_policy)[0]).toMatchObject({
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
    });
  });

  it('has no inline policy until something is granted, then one that keeps each statement once', () => {
    const { stack } = plainStack();
    const role = new ServiceRole(stack, 'worker', { assumedBy: RoleTrusts.service('lambda.amazonaws.com') });
    expect(stack.node.tryFindChild('worker')?.node.tryFindChild('inline-policy')).toBeUndefined();
    const read = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] };
    role.addToPrincipalPolicy(read, read);
    role.addToPrincipalPolicy(read);
    expect(role.grantedStatements).toEqual([read]);
    expect(stack.node.tryFindChild('worker')?.node.tryFindChild('inline-policy')).toBeDefined();
    const out = Synthesized.of(stack);
    const inline = out.resource('aws_iam_role_policy', 'worker/inline-policy');
    expect(out.policyStatements(inline.policy)).toEqual([
      { effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] },
    ]);
  });

  it('attaches AWS-managed policies one resource each, and carries a permissions boundary', () => {
    const out = synthScope(
      (scope) =>
        new ServiceRole(scope, 'cluster', {
          assumedBy: RoleTrusts.service('eks.amazonaws.com'),
          managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'],
          permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
        }),
    );
    expect(out.resource('aws_iam_role').permissions_boundary).toBe(
      'arn:aws:iam::123456789012:policy/boundary',
    );
    expect(out.resource('aws_iam_role_policy_attachment')).toEqual({
      role: out.ref('aws_iam_role', 'cluster/role', 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    });
  });

  it('lists its managed policy attachments, those of the props first, then those attached later', () => {
    const { stack } = plainStack();
    const role = new ServiceRole(stack, 'nodes', {
      assumedBy: RoleTrusts.service('ec2.amazonaws.com'),
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      ],
    });
    const later = role.attachManagedPolicy('arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly');
    const listed = role.managedPolicyAttachments;
    expect(listed.map((a) => a.policyArnInput)).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
    ]);
    expect(listed[2]).toBe(later);
    // every attachment resource of the role is listed, and nothing else
    const resources = role.node
      .findAll()
      .filter(
        (c) =>
          (c as { terraformResourceType?: string }).terraformResourceType ===
          'aws_iam_role_policy_attachment',
      );
    expect(new Set(listed)).toEqual(new Set(resources));
    // a copy: changing it changes nothing in the role
    (listed as unknown[]).pop();
    expect(role.managedPolicyAttachments).toHaveLength(3);
  });

  it.each([
    [
      { roleName: 'has space' },
      `roleName: must be 1-64 characters of A-Z a-z 0-9 and + = , . @ _ -, got "has space"`,
    ],
    [
      { managedPolicyArns: ['AmazonEKSClusterPolicy'] },
      `managedPolicyArns[0]: must be an IAM policy ARN 'arn:<partition>:iam::<account>:policy/<name>', got "AmazonEKSClusterPolicy"`,
    ],
  ])('rejects %j', (props, line) => {
    const { stack } = plainStack();
    const error = errorOf(
      () =>
        new ServiceRole(stack, 'role', { assumedBy: RoleTrusts.service('lambda.amazonaws.com'), ...props }),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(`[test/role] invalid props (1 problem):\n  - ${line}`);
  });

  it('refuses a field it does not know', () => {
    const { stack } = plainStack();
    const error = errorOf(
      () =>
        new ServiceRole(stack, 'role', {
          assumedBy: RoleTrusts.service('lambda.amazonaws.com'),
          managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        } as never),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      '[test/role] invalid props (1 problem):\n' +
        '  - managedPolicies: is not a known field; allowed fields: assumedBy, roleName, component, description, managedPolicyArns, permissionsBoundaryArn, got ["arn:aws:iam::aws:policy/ReadOnlyAccess"]',
    );
  });
});
