import type { Release } from '@cdktf/provider-helm/lib/release';
import { type TerraformStack, Testing } from 'cdktf';
import {
  ClusterAddons,
  ClusterAutoscalerAddOn,
  EnvironmentKey,
  HELM_CHARTS,
  LoadBalancerControllerAddOn,
  MetricsServerAddOn,
  NvidiaDevicePluginAddOn,
  ServingCluster,
  ServingVpc,
  SpecValidationError,
  type ClusterAddOn,
  type ClusterAddOnContext,
  type ClusterAddonsProps,
  type IServingCluster,
} from '../../src';
import { Synthesized, errorOf, plainStack, synthScope } from '../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

function clusterIn(stack: TerraformStack): ServingCluster {
  const key = new EnvironmentKey(stack, 'key');
  const network = new ServingVpc(stack, 'network', { encryptionKey: key, clusterName: 'test' });
  return new ServingCluster(stack, 'cluster', {
    network,
    encryptionKey: key,
    adminRoleArns: [ADMIN],
    region: 'us-east-1',
  });
}

function synthAddons(props: Partial<ClusterAddonsProps> = {}): Synthesized {
  return synthScope((scope) => {
    new ClusterAddons(scope, 'addons', {
      cluster: clusterIn(scope as TerraformStack),
      vpcId: 'vpc-0123456789abcdef0',
      region: 'us-east-1',
      ...props,
    });
  });
}

/** A user's add-on: a chart of its own, installed with the library's release settings. */
class KedaAddOn implements ClusterAddOn {
  public install(_cluster: IServingCluster, context: ClusterAddOnContext): Release {
    return context.helmRelease({
      id: 'keda',
      chart: { repository: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.17.0' },
      name: 'keda',
      namespace: 'keda',
      values: { resources: { operator: { requests: { cpu: '100m' } } } },
      extraValues: { resources: { operator: { requests: { memory: '128Mi' } } } },
    });
  }
}

describe('ClusterAddons add-on list', () => {
  it('installs by default the library add-ons in the order of defaultAddOns()', () => {
    const byDefault = synthAddons();
    const listed = synthAddons({ addOns: ClusterAddons.defaultAddOns() });
    expect(listed.raw).toBe(byDefault.raw);
    const { stack } = plainStack();
    const addons = new ClusterAddons(stack, 'addons', {
      cluster: clusterIn(stack),
      vpcId: 'vpc-0123456789abcdef0',
    });
    expect(Object.keys(addons.releases)).toEqual([
      'loadBalancerController',
      'nvidiaDevicePlugin',
      'metricsServer',
      'clusterAutoscaler',
    ]);
  });

  it('maps the per-add-on settings onto the list', () => {
    const list = ClusterAddons.defaultAddOns({
      nvidiaDevicePlugin: { enabled: false },
      clusterAutoscaler: { enabled: false },
    });
    expect(list.map((a) => a.constructor)).toEqual([LoadBalancerControllerAddOn, MetricsServerAddOn]);
    expect(ClusterAddons.defaultAddOns().map((a) => a.constructor)).toEqual([
      LoadBalancerControllerAddOn,
      NvidiaDevicePluginAddOn,
      MetricsServerAddOn,
      ClusterAutoscalerAddOn,
    ]);
    const settings = { metricsServer: { values: { replicas: 3 } } };
    expect(synthAddons({ addOns: ClusterAddons.defaultAddOns(settings) }).raw).toBe(
      synthAddons(settings).raw,
    );
  });

  it("installs a user's add-on after the library's, waiting for the load balancer controller", () => {
    const out = synthAddons({ addOns: [...ClusterAddons.defaultAddOns(), new KedaAddOn()] });
    const keda = out.resource('helm_release', 'addons/keda');
    const controller = out
      .ref('helm_release', 'addons/loadBalancerController', 'id')
      .replace(/^\$\{(.+)\.id\}$/, '$1');
    expect(keda).toMatchObject({
      name: 'keda',
      namespace: 'keda',
      create_namespace: true,
      chart: 'keda',
      version: '2.17.0',
      atomic: true,
      wait: true,
    });
    expect(JSON.parse(keda.values[0])).toEqual({
      resources: { operator: { requests: { cpu: '100m', memory: '128Mi' } } },
    });
    expect(keda.depends_on[keda.depends_on.length - 1]).toBe(controller);
  });

  it('records releases by construct id and the controller as what Services wait for', () => {
    const { stack } = plainStack();
    const addons = new ClusterAddons(stack, 'addons', {
      cluster: clusterIn(stack),
      vpcId: 'vpc-0123456789abcdef0',
      addOns: [new MetricsServerAddOn(), new KedaAddOn()],
    });
    expect(Object.keys(addons.releases)).toEqual(['metricsServer', 'keda']);
    expect(addons.webhookDependencies).toEqual([]);
    const out = Synthesized.of(stack);
    expect(out.resource('helm_release', 'addons/metricsServer').chart).toBe(HELM_CHARTS.metricsServer.chart);
    expect(Testing.synth(stack)).not.toContain('aws-load-balancer-controller');
  });

  describe('rejects', () => {
    const rejected = (props: Partial<ClusterAddonsProps>) => {
      const { stack } = plainStack();
      const error = errorOf(
        () =>
          new ClusterAddons(stack, 'addons', {
            cluster: clusterIn(stack),
            vpcId: 'vpc-0123456789abcdef0',
            ...props,
          }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      return error.message;
    };

    it('addOns together with a per-add-on setting', () => {
      expect(rejected({ addOns: [], metricsServer: { enabled: false } })).toBe(
        '[test/addons] invalid props (1 problem):\n  - metricsServer: must not be given with addOns: pass it to ClusterAddons.defaultAddOns() instead, got {"enabled":false}',
      );
    });

    it("an add-on's chart values with a reserved key", () => {
      const error = errorOf(
        () => new MetricsServerAddOn({ values: JSON.parse('{"__proto__": {"replicas": 1}}') }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(
        'MetricsServerAddOn: invalid options (1 problem):\n  - values.__proto__: keys must not be __proto__, constructor, prototype: JavaScript reserves these names on objects, so the setting would be dropped or misread (the chart\'s own value names), got "__proto__"',
      );
    });

    it('an add-on without install', () => {
      expect(rejected({ addOns: [{ name: 'keda' } as never] })).toBe(
        '[test/addons] invalid props (1 problem):\n  - addOns[0]: must be a cluster add-on (ClusterAddOn), got {"name":"keda"}',
      );
    });
  });
});
