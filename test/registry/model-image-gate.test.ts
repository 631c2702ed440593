import {
  EnvironmentKey,
  ModelImageGate,
  ModelImageRepository,
  SpecValidationError,
  missingImageMessage,
  type IModelImageRepository,
} from '../../src';
import { errorOf, plainStack, synthScope } from '../helpers';

const PARTITION_SUFFIX = '${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}';
const REGION = '${data.aws_region.aws-context_region_DEC3537F.region}';

describe('ModelImageGate', () => {
  describe('on a repository the stack owns', () => {
    const out = synthScope((scope) => {
      const key = new EnvironmentKey(scope, 'key');
      const repository = new ModelImageRepository(scope, 'fraud', {
        encryptionKey: key,
        protectFromDestroy: false,
      });
      new ModelImageGate(scope, 'gate', { repository, tags: ['v1.3.0', 'v1.4.0'] });
    });
    const gate = out.dataSource('aws_ecr_images', 'gate/images');
    const url = out.ref('aws_ecr_repository', 'fraud/repository', 'repository_url');
    const registryId = out.ref('aws_ecr_repository', 'fraud/repository', 'registry_id');

    it('lists the images through references to the repository, so the first apply reads it after creating it', () => {
      expect(gate.repository_name).toBe(out.ref('aws_ecr_repository', 'fraud/repository', 'name'));
      expect(gate.registry_id).toBe(registryId);
      expect(gate.region).toBeUndefined();
      expect(gate.depends_on).toBeUndefined();
    });

    it('has one postcondition per tag, naming the image and the push commands', () => {
      const registry = `${registryId}.dkr.ecr.${REGION}.${PARTITION_SUFFIX}`;
      expect(gate.lifecycle.postcondition).toEqual(
        ['v1.3.0', 'v1.4.0'].map((tag) => ({
          condition: `\${contains(self.image_ids[*].image_tag, "${tag}")}`,
          error_message: [
            `Image ${url}:${tag} is not in its repository, so nothing that runs it (Lambda function, SageMaker model, Kubernetes Deployment) is created or changed. Push it, then deploy again:`,
            `  aws ecr get-login-password --region ${REGION} | docker login --username AWS --password-stdin ${registry}`,
            `  docker tag <your-build> ${url}:${tag}`,
            `  docker push ${url}:${tag}`,
          ].join('\n'),
        })),
      );
    });
  });

  describe('on a repository of another account and region', () => {
    const out = synthScope((scope) => {
      const repository = ModelImageRepository.fromRepositoryAttributes(scope, 'central', {
        repositoryName: 'ml/fraud',
        accountId: '999999999999',
        region: 'us-west-2',
      });
      new ModelImageGate(scope, 'gate', { repository, tags: ['v2'] });
    });
    const gate = out.dataSource('aws_ecr_images', 'gate/images');

    it("reads that account's registry in that region", () => {
      expect(gate).toMatchObject({
        repository_name: 'ml/fraud',
        registry_id: '999999999999',
        region: 'us-west-2',
      });
    });

    it('prints the foreign image and its registry', () => {
      const url = `999999999999.dkr.ecr.us-west-2.${PARTITION_SUFFIX}/ml/fraud`;
      expect(gate.lifecycle.postcondition).toEqual([
        {
          condition: '${contains(self.image_ids[*].image_tag, "v2")}',
          error_message: missingImageMessage(
            url,
            'v2',
            'us-west-2',
            `999999999999.dkr.ecr.us-west-2.${PARTITION_SUFFIX}`,
          ),
        },
      ]);
      expect(gate.lifecycle.postcondition[0].error_message).toContain(
        `aws ecr get-login-password --region us-west-2 | docker login --username AWS --password-stdin 999999999999.dkr.ecr.us-west-2.`,
      );
    });
  });

  describe('rejects', () => {
    const repositoryIn = (
      scope: Parameters<typeof ModelImageRepository.fromRepositoryName>[0],
    ): IModelImageRepository => ModelImageRepository.fromRepositoryName(scope, 'repo', 'team/model');

    it.each<[string, string[], string]>([
      ['no tag', [], 'tags: must list at least one tag: what the model deploys, got []'],
      [
        'a tag that is not an image tag',
        ['v1', '-latest'],
        `tags[1]: must be an image tag: 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', not starting with '.' or '-', got "-latest"`,
      ],
      ['a tag listed twice', ['v1', 'v1'], 'tags: must not repeat a tag, got ["v1","v1"]'],
    ])('%s', (_title, tags, message) => {
      const { stack } = plainStack();
      const error = errorOf(
        () => new ModelImageGate(stack, 'gate', { repository: repositoryIn(stack), tags }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/gate] invalid props (1 problem):\n  - ${message}`);
    });
  });
});
