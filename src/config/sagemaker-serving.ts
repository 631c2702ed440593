import { z } from 'zod';
import { type ScalingRange, matching, scalingRange } from './rules';

/** Serve the model on a SageMaker real-time endpoint. */
export interface SageMakerServingSpec {
  /** Serving target. */
  readonly kind: 'sagemaker';
  /** SageMaker instance type, e.g. `ml.g5.xlarge`. */
  readonly instanceType: string;
  /**
   * Instance count range for auto scaling.
   * @default { min: 2, max: 4 }
   */
  readonly instances?: ScalingRange;
}

export const sageMakerServingSchema = z.strictObject({
  kind: z.literal('sagemaker'),
  instanceType: matching(
    /^ml\.[a-z0-9]+\.[a-z0-9]+$/,
    "must be a SageMaker instance type such as 'ml.g5.xlarge'",
  ),
  instances: scalingRange(1, 100, { min: 2, max: 4 }),
});
