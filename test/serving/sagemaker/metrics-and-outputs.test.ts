import { TerraformStack } from 'cdktf';
import {
  AlertTopic,
  EnvironmentKey,
  type MetricSpec,
  ModelArtifactBucket,
  ModelImageRepository,
  type ModelSpec,
  SageMakerModelServing,
  type SageMakerServingSettings,
} from '../../../src';
import type { IModelServing } from '../../../src/serving/model-serving';
import { Synthesized, plainStack, stagingSpec, synthEnvironment } from '../../helpers';

const AB: SageMakerServingSettings = {
  instanceType: 'ml.g5.xlarge',
  variants: [
    { name: 'a', weight: 90 },
    { name: 'b', version: 'v2.2.0', weight: 10 },
  ],
};

function endpoint(serving: SageMakerServingSettings = AB): SageMakerModelServing {
  const { stack } = plainStack();
  const key = new EnvironmentKey(stack, 'key');
  return new SageMakerModelServing(stack, 'sagemaker', {
    modelName: 'recommender',
    modelVersion: 'v2.1.0',
    artifacts: new ModelArtifactBucket(stack, 'artifacts', { encryptionKey: key }),
    repository: new ModelImageRepository(stack, 'image', { encryptionKey: key }),
    encryptionKey: key,
    alertTopic: AlertTopic.fromTopicArn('arn:aws:sns:us-east-1:123456789012:alerts'),
    serving,
  });
}

const A = { EndpointName: 'test-recommender', VariantName: 'a' };

describe('SageMakerModelServing metrics', () => {
  const served: IModelServing = endpoint();
  const sm = served as SageMakerModelServing;

  it.each<[string, string, string, string, () => MetricSpec]>([
    ['metricInvocations', 'AWS/SageMaker', 'Invocations', 'Sum', () => sm.metricInvocations()],
    ['metricErrors', 'AWS/SageMaker', 'Invocation5XXErrors', 'Sum', () => sm.metricErrors()],
    [
      'metricInvocation4xxErrors',
      'AWS/SageMaker',
      'Invocation4XXErrors',
      'Sum',
      () => sm.metricInvocation4xxErrors(),
    ],
    ['metricLatency', 'AWS/SageMaker', 'ModelLatency', 'p99', () => sm.metricLatency()],
    [
      'metricGpuMemoryUtilization',
      '/aws/sagemaker/Endpoints',
      'GPUMemoryUtilization',
      'Average',
      () => sm.metricGpuMemoryUtilization(),
    ],
  ])('%s reads %s %s, %s over a minute, of the first production variant', (_m, ns, name, stat, metric) => {
    expect(metric()).toEqual({
      namespace: ns,
      metricName: name,
      dimensions: A,
      statistic: stat,
      periodSeconds: 60,
    });
  });

  it('takes a variant, a statistic and a period', () => {
    expect(sm.metricLatency({ variantName: 'b', statistic: 'p50', periodSeconds: 300 })).toEqual({
      namespace: 'AWS/SageMaker',
      metricName: 'ModelLatency',
      dimensions: { EndpointName: 'test-recommender', VariantName: 'b' },
      statistic: 'p50',
      periodSeconds: 300,
    });
    expect(sm.metricErrors({ variantName: 'b' }).dimensions).toEqual({
      EndpointName: 'test-recommender',
      VariantName: 'b',
    });
  });

  it("defaults to the variant named 'primary' when the spec lists none", () => {
    expect(endpoint({ instanceType: 'ml.c5.xlarge' }).metricInvocations().dimensions).toEqual({
      EndpointName: 'test-recommender',
      VariantName: 'primary',
    });
  });

  it('are the metrics its alarms and graphs read', () => {
    const out = Synthesized.of(TerraformStack.of(sm));
    const alarm = (name: string) =>
      out
        .resources('aws_cloudwatch_metric_alarm')
        .find((a) => a.props.alarm_name === `test-recommender-${name}`)!;
    const metricOf = (name: string, id: string) =>
      alarm(name).props.metric_query.find((q: { id: string }) => q.id === id).metric;
    const asQueried = (m: MetricSpec) => ({
      namespace: m.namespace,
      metric_name: m.metricName,
      dimensions: m.dimensions,
      period: m.periodSeconds,
      stat: m.statistic,
    });
    expect(metricOf('5xx-rate', 'errors1')).toEqual(asQueried(sm.metricErrors({ variantName: 'b' })));
    expect(metricOf('5xx-rate', 'invocations0')).toEqual(asQueried(sm.metricInvocations()));
    expect(metricOf('p99-latency', 'latency1')).toEqual(asQueried(sm.metricLatency({ variantName: 'b' })));
    expect(metricOf('gpu-memory', 'gpu0')).toEqual(asQueried(sm.metricGpuMemoryUtilization()));
  });

  it('exposes the model it serves', () => {
    expect(served.modelName).toBe('recommender');
    expect(served.modelVersion).toBe('v2.1.0');
  });
});

describe('SageMakerModelServing outputs', () => {
  const model: ModelSpec = {
    name: 'recommender',
    version: 'v2',
    serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge' },
  };
  const { stack, out } = synthEnvironment('staging', stagingSpec({ models: [model] }));
  const served = stack.sageMakerEndpoints.recommender;

  it('names the endpoint, its ARN and its invocation URL', () => {
    expect(served.outputs.map((o) => o.name)).toEqual([
      'sagemaker-endpoint-recommender',
      'sagemaker-endpoint-arn-recommender',
      'sagemaker-invoke-url-recommender',
    ]);
    expect(served.outputs.map((o) => o.description)).toEqual([
      'SageMaker endpoint of the recommender model',
      'ARN of the SageMaker endpoint of the recommender model',
      "URL that invokes the recommender model (SigV4-signed requests, service 'sagemaker')",
    ]);
  });

  it('are the outputs the environment publishes, with the same values and descriptions', () => {
    for (const output of served.outputs) {
      expect(out.json.output[output.name]).toEqual({
        value: expect.anything(),
        description: output.description,
      });
    }
    expect(out.json.output['sagemaker-endpoint-arn-recommender'].value).toBe(
      out.ref('aws_sagemaker_endpoint', 'sagemaker/endpoint', 'arn'),
    );
    expect(out.json.output['sagemaker-endpoint-recommender'].value).toBe(served.endpointName);
    expect(out.json.output['sagemaker-invoke-url-recommender'].value).toMatch(
      /^https:\/\/runtime\.sagemaker\..*\/endpoints\/acme-ml-staging-recommender\/invocations$/,
    );
  });
});
