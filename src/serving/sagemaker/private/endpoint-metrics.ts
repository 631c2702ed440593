import type { MetricSpec } from '../../../monitoring/model-alarm';
import type { MetricOptions } from '../../model-serving';

/** Statistic, period and production variant of a SageMaker endpoint metric. */
export interface SageMakerMetricOptions extends MetricOptions {
  /**
   * The variant whose metric is read (SageMaker reports these metrics per variant, with the
   * dimensions `EndpointName` and `VariantName`); a shadow variant's name works too.
   * @default - the first production variant (`primary` when the spec lists none)
   */
  readonly variantName?: string;
}

/**
 * The metrics of one endpoint, per variant: the construct's metric methods, its alarms and its
 * dashboard graphs all read them here, so namespaces, dimensions and defaults live in one place.
 */
export class EndpointMetrics {
  constructor(
    private readonly endpointName: string,
    private readonly defaultVariant: string,
  ) {}

  /** `AWS/SageMaker` `Invocations`, `Sum` over 60 seconds. */
  public invocations(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metric('Invocations', 'Sum', options);
  }

  /** `AWS/SageMaker` `Invocation5XXErrors`, `Sum` over 60 seconds. */
  public errors(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metric('Invocation5XXErrors', 'Sum', options);
  }

  /** `AWS/SageMaker` `Invocation4XXErrors`, `Sum` over 60 seconds. */
  public invocation4xxErrors(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metric('Invocation4XXErrors', 'Sum', options);
  }

  /** `AWS/SageMaker` `ModelLatency` (microseconds), `p99` over 60 seconds. */
  public latency(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metric('ModelLatency', 'p99', options);
  }

  /** `/aws/sagemaker/Endpoints` `GPUMemoryUtilization` (% summed over the GPUs), `Average` over 60 seconds. */
  public gpuMemoryUtilization(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metric('GPUMemoryUtilization', 'Average', options, '/aws/sagemaker/Endpoints');
  }

  private metric(
    metricName: string,
    statistic: string,
    options: SageMakerMetricOptions,
    namespace = 'AWS/SageMaker',
  ): MetricSpec {
    return {
      namespace,
      metricName,
      dimensions: {
        EndpointName: this.endpointName,
        VariantName: options.variantName ?? this.defaultVariant,
      },
      statistic: options.statistic ?? statistic,
      periodSeconds: options.periodSeconds ?? 60,
    };
  }
}
