import { DEFAULT_SYSTEM_NODES } from './cluster';
import type { EnvironmentPolicy } from './types';

/**
 * Environment policy as plain data. Spread one into an environment spec and override any field:
 *
 * ```ts
 * new ModelServingEnvironment(app, 'staging', { ...presets.staging, project: 'acme-ml', region: 'us-east-1' });
 * ```
 *
 * Spreads are shallow: to change one field of a nested object, spread the preset's object too.
 */
export interface EnvironmentPreset extends Required<EnvironmentPolicy> {}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Disposable, cheaper environments: state may be destroyed, logs kept for a month. */
const staging: EnvironmentPreset = deepFreeze({
  protectFromDestroy: false,
  forceDestroy: true,
  logRetentionDays: 30,
  keyDeletionWindowDays: 7,
  artifactVersionExpiryDays: 30,
  keepReleaseImages: 10,
  untaggedImageExpiryDays: 1,
  availabilityZones: 2,
  natGateways: 'single',
  interfaceEndpoints: false,
  systemNodes: { instanceTypes: ['t3.large'], minSize: 1, maxSize: 3 },
  gpuCapacityType: 'SPOT',
  minReplicas: 0,
  loadBalancerWaf: { enabled: false, rateLimitPer5Minutes: 2000 },
  controlPlaneLogTypes: ['api', 'audit', 'authenticator'],
});

/** Durable environments: stateful resources protected, logs kept for a year. */
const production: EnvironmentPreset = deepFreeze({
  protectFromDestroy: true,
  forceDestroy: false,
  logRetentionDays: 365,
  keyDeletionWindowDays: 30,
  artifactVersionExpiryDays: 180,
  keepReleaseImages: 30,
  untaggedImageExpiryDays: 7,
  availabilityZones: 3,
  natGateways: 'perAz',
  interfaceEndpoints: true,
  systemNodes: DEFAULT_SYSTEM_NODES,
  gpuCapacityType: 'ON_DEMAND',
  minReplicas: 1,
  loadBalancerWaf: { enabled: true, rateLimitPer5Minutes: 2000 },
  // every control plane log: scheduling and controller decisions are evidence in an incident
  controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
});

/** The presets for staging and production (frozen: copy them by spreading). */
export const presets: {
  /** Disposable and cheaper: one NAT gateway, spot GPUs, scale to zero, logs kept 30 days, nothing protected from destroy. */
  readonly staging: EnvironmentPreset;
  /** Durable: a NAT gateway per zone, on-demand GPUs, logs kept a year, stateful resources protected from destroy. */
  readonly production: EnvironmentPreset;
} = Object.freeze({ staging, production });
