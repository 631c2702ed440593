import type { PropShape } from '../core/prop-rules';
import { z } from 'zod';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../core/aws-context';
import { Naming } from '../core/naming';
import type { MetricSpec } from './model-alarm';

/** A graph on the dashboard. */
export interface DashboardGraph {
  /** The graph's title, e.g. `fraud: p99 latency`. */
  readonly title: string;
  /** The metrics drawn, each with its label. */
  readonly metrics: ReadonlyArray<{
    /** The metric's label in the legend. */
    readonly label: string;
    /** The metric drawn. */
    readonly metric: MetricSpec;
  }>;
  /** A horizontal line, e.g. an alarm's threshold. @default - none */
  readonly threshold?: {
    /** The line's label. */
    readonly label: string;
    /** Where the line is drawn, in the metrics' unit. */
    readonly value: number;
  };
}

/**
 * The environment's dashboard: one row of graphs per served model, added by the serving
 * constructs (`addGraphs`). It is created with the first graph.
 */
export class ServingDashboard extends Construct {
  private readonly graphs: DashboardGraph[] = [];
  private dashboard?: CloudwatchDashboard;

  /** The dashboard's name (`<project>-<environment>-serving`). */
  public readonly dashboardName: string;
  /** The region the graphs read from (looked up now: the lookup adds data sources to the stack). */
  private readonly region: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.dashboardName = Naming.of(this).name('serving', 255);
    this.region = AwsContext.of(this).region;
  }

  /** Adds graphs; they are laid out two per row, in the order added. */
  public addGraphs(...graphs: DashboardGraph[]): void {
    this.graphs.push(...graphs);
    if (!this.dashboard) {
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
        dashboardName: this.dashboardName,
        dashboardBody: Lazy.stringValue({ produce: () => this.body() }),
      });
    }
  }

  /** The number of graphs so far. */
  public get graphCount(): number {
    return this.graphs.length;
  }

  private body(): string {
    const region = this.region;
    const widgets = this.graphs.map((graph, index) => ({
      type: 'metric',
      x: (index % 2) * 12,
      y: Math.floor(index / 2) * 6,
      width: 12,
      height: 6,
      properties: {
        title: graph.title,
        region,
        view: 'timeSeries',
        stacked: false,
        metrics: graph.metrics.map(({ label, metric }) => [
          metric.namespace,
          metric.metricName,
          ...Object.entries(metric.dimensions).flat(),
          { label, stat: metric.statistic, period: metric.periodSeconds },
        ]),
        annotations: graph.threshold
          ? { horizontal: [{ label: graph.threshold.label, value: graph.threshold.value }] }
          : undefined,
      },
    }));
    return JSON.stringify({ widgets });
  }
}

/** The prop rule for this shape: checked by shape, so imported and owned objects pass alike. */
export const dashboardProp = z.custom<ServingDashboard>(
  (d) => typeof (d as PropShape)?.addGraphs === 'function',
  {
    error: 'must be a ServingDashboard',
  },
);
