import { DataAwsEcrImages } from '@cdktf/provider-aws/lib/data-aws-ecr-images';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import { imageRepositoryProp } from './model-image-repository';
import { type IModelImageRepository, imageTag } from './model-image-repository';

/** Props of `ModelImageGate`. */
export interface ModelImageGateProps {
  /** The repository the model's functions, models and pods pull from. */
  readonly repository: IModelImageRepository;
  /**
   * Every tag the model deploys (1-20 image tags, no repeats): each version its rollout tracks,
   * variants or shadow run.
   */
  readonly tags: readonly string[];
}

const propsSchema = z.strictObject({
  repository: imageRepositoryProp,
  tags: z
    .array(imageTag)
    .min(1, { error: 'must list at least one tag: what the model deploys' })
    .max(20, { error: 'must list at most 20 tags' })
    .refine((tags) => new Set(tags).size === tags.length, { error: 'must not repeat a tag' }),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ModelImageGateProps> = true;
void propsAgree;

/**
 * Stops a deploy before anything runs an image that is not in its repository yet.
 *
 * An `aws_ecr_images` data source lists the repository's images (ListImages, every page: provider
 * source `internal/service/ecr/images_data_source.go`, AWS provider 6.25) and carries one
 * postcondition per tag. Whatever runs the images (Lambda functions, SageMaker models, Kubernetes
 * Deployments) depends on the gate:
 *
 * - Terraform checks a data source's postconditions after reading it, and a failed postcondition
 *   "prevents any further downstream actions that rely on the resource"; what does not depend on
 *   the gate (repositories, bucket, key, network, cluster) is still created. (Terraform docs,
 *   Custom Conditions: https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 *   and #conditions-checked-only-during-apply.)
 * - Arguments that reference a managed resource defer the read until that resource's changes are
 *   applied ("treated the same as if the resource was listed in depends_on", Terraform docs, Data
 *   Sources: https://developer.hashicorp.com/terraform/language/data-sources): the gate reads an
 *   owned repository after creating it (first deploy: it fails at apply, after the repository
 *   exists), and at plan time once the repository is unchanged (a version whose image is missing
 *   fails the plan, so nothing changes).
 *
 * The error names `<repository-url>:<tag>` and the commands that push it.
 */
export class ModelImageGate extends Construct implements ITerraformDependable {
  /** The data source that lists the repository's images. */
  public readonly images: DataAwsEcrImages;
  /** The tags that must be in the repository. */
  public readonly tags: readonly string[];
  /** The data source's address: what serving resources list in `depends_on`. */
  public readonly fqn: string;

  constructor(scope: Construct, id: string, props: ModelImageGateProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const repository = p.repository;
    const aws = AwsContext.of(this);
    this.tags = p.tags;
    const registry = `${repository.registryId}.dkr.ecr.${repository.region}.${aws.dnsSuffix}`;

    this.images = new DataAwsEcrImages(this, 'images', {
      repositoryName: repository.repositoryName,
      registryId: repository.registryId,
      // a literal region is another region's registry (imported); a token is the provider's own
      region: Token.isUnresolved(repository.region) ? undefined : repository.region,
      lifecycle: {
        postcondition: p.tags.map((tag) => ({
          condition: `\${contains(self.image_ids[*].image_tag, "${tag}")}`,
          errorMessage: missingImageMessage(repository.repositoryUrl, tag, repository.region, registry),
        })),
      },
    });
    this.fqn = this.images.fqn;
  }
}

/** What the gate prints for a missing tag: the image and the commands that push it. */
export function missingImageMessage(
  repositoryUrl: string,
  tag: string,
  region: string,
  registry: string,
): string {
  return [
    `Image ${repositoryUrl}:${tag} is not in its repository, so nothing that runs it (Lambda function, SageMaker model, Kubernetes Deployment) is created or changed. Push it, then deploy again:`,
    `  aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${registry}`,
    `  docker tag <your-build> ${repositoryUrl}:${tag}`,
    `  docker push ${repositoryUrl}:${tag}`,
  ].join('\n');
}
