// Public API of cdktf-model-serving: every exported construct, type and preset, nothing else.

// environment spec
export * from './config/types';
export { presets, type EnvironmentPreset } from './config/presets';
export { validateEnvironmentSpec, type ValidatedEnvironment } from './config/validate';
export type { ResolvedEnvironmentSpec, ResolvedModelSpec } from './config/schema';
export { SpecValidationError, type SpecIssue } from './config/validation';
export { LOG_RETENTION_DAYS, NAME_LENGTHS } from './config/rules';

// core
export { AwsContext } from './core/aws-context';
export { Naming, NAME_LIMITS, truncateWithHash, type NamingProps } from './core/naming';
export type { IEncryptionKey, IGrantable } from './core/grants';
export type { PolicyStatement, PolicyCondition, PolicyPrincipal } from './core/policy';
export { EnvironmentKey, type EnvironmentKeyProps } from './core/environment-key';
export { AlertTopic, type AlertTopicProps } from './core/alert-topic';

// environment
export {
  ModelServingEnvironment,
  MANAGED_BY,
  REQUIRED_TERRAFORM_VERSION,
  type ModelServingEnvironmentProps,
} from './environment';
