import { z } from 'zod';
import { type ScalingRange, intBetween, scalingRange } from './rules';

/** Serve the model as a Deployment on the environment's EKS cluster. */
export interface KubernetesServingSpec {
  /** Serving target. */
  readonly kind: 'kubernetes';
  /**
   * GPUs per replica (a whole number).
   * @default 0
   */
  readonly gpu?: number;
  /**
   * Replica range for the autoscaler.
   * @default { min: 2, max: 4 }
   */
  readonly replicas?: ScalingRange;
}

export const kubernetesServingSchema = z.strictObject({
  kind: z.literal('kubernetes'),
  gpu: intBetween(0, 8, 'GPUs').default(0),
  replicas: scalingRange(0, 100, { min: 2, max: 4 }),
});
