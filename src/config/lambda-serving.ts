import { z } from 'zod';
import { intBetween } from './rules';

/** Serve the model from a container-image Lambda function. */
export interface LambdaServingSpec {
  /** Serving target. */
  readonly kind: 'lambda';
  /**
   * Function memory in MiB (128-10240).
   * @default 2048
   */
  readonly memoryMiB?: number;
}

export const lambdaServingSchema = z.strictObject({
  kind: z.literal('lambda'),
  memoryMiB: intBetween(128, 10240, 'MiB').default(2048),
});
