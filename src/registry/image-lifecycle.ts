import { z } from 'zod';
import { tagPattern } from '../config/spec-sections';
import { intBetween } from '../core/validation/rules';

/** An extra lifecycle rule (priorities 100 and up; the library's own rules come first). */
export interface ImageLifecycleRule {
  /** Evaluation order, 100-999, unique; a rule selecting `any` must have the highest. */
  readonly priority: number;
  /** What the rule is for. @default - none */
  readonly description?: string;
  /** Which images the rule looks at. */
  readonly tagStatus: 'tagged' | 'untagged' | 'any';
  /** Tag patterns (`*` wildcards) for `tagged` rules; an image must match all of them. */
  readonly tagPatterns?: readonly string[];
  /** Expire beyond a count, or after an age in days. */
  readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
  /** The count or the number of days (1-10000). */
  readonly countNumber: number;
}

/** The schema of an extra lifecycle rule. */
export const lifecycleRuleSchema = z
  .strictObject({
    priority: intBetween(100, 999),
    description: z.string().max(256).optional(),
    tagStatus: z.enum(['tagged', 'untagged', 'any']),
    tagPatterns: z.array(tagPattern).min(1).max(4).optional(),
    countType: z.enum(['imageCountMoreThan', 'sinceImagePushed']),
    countNumber: intBetween(1, 10000),
  })
  .superRefine((rule, ctx) => {
    if (rule.tagStatus === 'tagged' && !rule.tagPatterns) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagPatterns'],
        input: undefined,
        message: "is required when tagStatus is 'tagged'",
      });
    }
    if (rule.tagStatus !== 'tagged' && rule.tagPatterns) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagPatterns'],
        input: rule.tagPatterns,
        message: "is only allowed when tagStatus is 'tagged'",
      });
    }
  });

/** What the lifecycle policy is built from (the repository's resolved props). */
export interface ImageLifecyclePolicy {
  readonly protectedTags: readonly string[];
  readonly keepReleaseImages: number;
  readonly releaseTagPattern: string;
  readonly untaggedExpiryDays: number;
  readonly lifecycleRules: readonly ImageLifecycleRule[];
}

/**
 * Protected tags first (one rule each: an image matched by a rule is safe from later rules), in
 * sorted order whatever order they were given in.
 *
 * The policy cannot change in place: `policy` is ForceNew and `aws_ecr_lifecycle_policy` has no
 * update (terraform-provider-aws v6.25.0, internal/service/ecr/lifecycle_policy.go), so any change
 * deletes the policy and puts the new one. Sorting makes the policy depend on the set of deployed
 * tags only: a blue/green switch or a canary promotion that keeps the same versions deployed
 * leaves it unchanged. A new deployed version still replaces it; that deletes no image (ECR
 * evaluates lifecycle policies asynchronously, and without a policy nothing expires).
 */
export function lifecycleRules(p: ImageLifecyclePolicy): Array<Record<string, unknown>> {
  const rules: Array<Record<string, unknown>> = [];
  [...p.protectedTags].sort().forEach((tag, index) => {
    rules.push({
      rulePriority: index + 1,
      description: `Keep the deployed tag ${tag}`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: [tag],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
      action: { type: 'expire' },
    });
  });
  rules.push(
    {
      rulePriority: 50,
      description: `Keep the newest ${p.keepReleaseImages} release images`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: [p.releaseTagPattern],
        countType: 'imageCountMoreThan',
        countNumber: p.keepReleaseImages,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 60,
      description: `Expire untagged images after ${p.untaggedExpiryDays} days`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: p.untaggedExpiryDays,
      },
      action: { type: 'expire' },
    },
  );
  for (const rule of [...p.lifecycleRules].sort((a, b) => a.priority - b.priority)) {
    rules.push({
      rulePriority: rule.priority,
      description: rule.description,
      selection: {
        tagStatus: rule.tagStatus,
        tagPatternList: rule.tagPatterns,
        countType: rule.countType,
        countUnit: rule.countType === 'sinceImagePushed' ? 'days' : undefined,
        countNumber: rule.countNumber,
      },
      action: { type: 'expire' },
    });
  }
  return rules;
}
