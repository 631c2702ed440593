import { z } from 'zod';
import { LambdaInferenceFunction } from '../lambda-inference-function';

/** The function a Lambda serving construct works on. */
export const inferenceTargetProp = z.custom<LambdaInferenceFunction>(
  (t) => t instanceof LambdaInferenceFunction,
  {
    error: 'must be a LambdaInferenceFunction',
  },
);
