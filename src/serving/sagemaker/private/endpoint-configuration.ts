import type { SagemakerEndpointConfigurationConfig } from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';
import type { SagemakerModel } from '@cdktf/provider-aws/lib/sagemaker-model';
import type { IAlertTopic } from '../../../core/alert-topic';
import type { IEncryptionKey } from '../../../core/grants';
import type { IModelArtifactBucket } from '../../../storage/model-artifact-bucket';
import type { ResolvedSageMakerServingSettings, ResolvedSageMakerVariant } from '../spec';
import { ASYNC_INFERENCE_ROOT, DATA_CAPTURE_ROOT } from './roots';

/** Everything of the endpoint configuration but its name. */
export function endpointConfigurationContent(
  p: {
    modelName: string;
    artifacts: IModelArtifactBucket;
    encryptionKey: IEncryptionKey;
    alertTopic: IAlertTopic;
  },
  s: ResolvedSageMakerServingSettings,
  models: Record<string, SagemakerModel>,
  variants: readonly ResolvedSageMakerVariant[],
  encryptsVolumesWithKey: boolean,
): Omit<SagemakerEndpointConfigurationConfig, 'name'> {
  const bucketUri = `s3://${p.artifacts.bucketName}`;
  const primary = variants[0];
  return {
    productionVariants: variants.map((v) => ({
      variantName: v.name,
      modelName: models[v.name].name,
      initialVariantWeight: v.weight,
      ...(s.serverless
        ? {
            serverlessConfig: {
              memorySizeInMb: s.serverless.memoryMiB,
              maxConcurrency: s.serverless.maxConcurrency,
              provisionedConcurrency: s.serverless.provisionedConcurrency,
            },
          }
        : { instanceType: v.instanceType, initialInstanceCount: v.instances!.initial }),
    })),
    shadowProductionVariants: s.shadow
      ? [
          {
            variantName: s.shadow.name,
            modelName: models[s.shadow.name].name,
            instanceType: s.shadow.instanceType ?? primary.instanceType,
            initialInstanceCount: s.shadow.instanceCount,
            // the shadow's share of the production variant's traffic
            initialVariantWeight: (primary.weight * s.shadow.samplingPercent) / 100,
          },
        ]
      : undefined,
    kmsKeyArn: encryptsVolumesWithKey ? p.encryptionKey.keyArn : undefined,
    dataCaptureConfig: s.dataCapture
      ? {
          enableCapture: true,
          initialSamplingPercentage: s.dataCapture.samplingPercent,
          destinationS3Uri: `${bucketUri}/${DATA_CAPTURE_ROOT}${p.modelName}/`,
          kmsKeyId: p.encryptionKey.keyArn,
          captureOptions: { input: ['Input'], output: ['Output'], both: ['Input', 'Output'] }[
            s.dataCapture.capture
          ].map((captureMode) => ({ captureMode })),
        }
      : undefined,
    asyncInferenceConfig: s.async
      ? {
          clientConfig:
            s.async.maxConcurrentInvocationsPerInstance !== undefined
              ? { maxConcurrentInvocationsPerInstance: s.async.maxConcurrentInvocationsPerInstance }
              : undefined,
          outputConfig: {
            s3OutputPath: `${bucketUri}/${ASYNC_INFERENCE_ROOT}${p.modelName}/output/`,
            s3FailurePath: `${bucketUri}/${ASYNC_INFERENCE_ROOT}${p.modelName}/failures/`,
            kmsKeyId: p.encryptionKey.keyArn,
            notificationConfig: s.async.notifyErrors ? { errorTopic: p.alertTopic.topicArn } : undefined,
          },
        }
      : undefined,
    tags: { Model: p.modelName },
  };
}
