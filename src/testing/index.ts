/**
 * Testing helpers for stacks built with this library (`cdktf-model-serving/testing`): a change
 * safety analysis of two synthesized stacks that needs neither Terraform nor credentials.
 */
export { FORCE_NEW, type ForceNewRule } from './force-new';
export {
  planChanges,
  toTerraformJson,
  type ChangeAction,
  type PlanChanges,
  type PlanChangesOptions,
  type ResourceChange,
  type SynthesizedStack,
} from './plan-changes';
export {
  expectNoLiveReplacement,
  formatPlan,
  liveReplacementProblems,
  type NoLiveReplacementOptions,
} from './report';
