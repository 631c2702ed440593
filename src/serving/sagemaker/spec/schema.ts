/** The SageMaker serving schemas: the settings' fields (`shape.ts`) and the rules across them (`rules.ts`). */
import { z } from 'zod';
import { settingsRules } from './rules';
import { settingsShape } from './shape';

/** The SageMaker settings as `SageMakerModelServing` takes them (no `kind`). */
export const sageMakerServingSettingsSchema = z
  .strictObject(settingsShape)
  .superRefine(settingsRules, { when: () => true });

/** A model's SageMaker serving spec. */
export const sageMakerServingSchema = sageMakerServingSettingsSchema.extend({ kind: z.literal('sagemaker') });
