import {
  planChanges,
  type PlanChanges,
  type PlanChangesOptions,
  type ResourceChange,
  type SynthesizedStack,
} from './plan-changes';

const SYMBOL: Record<ResourceChange['action'], string> = {
  create: '  +',
  delete: '  -',
  update: '  ~',
  replace: '-/+',
  'no-op': '   ',
};

function describe(change: ResourceChange): string {
  const where = change.path ? ` [${change.path}]` : '';
  switch (change.action) {
    case 'create':
      return `  + ${change.address}${where} will be created`;
    case 'delete':
      return `  - ${change.address}${where} will be destroyed${
        change.protectedDeletion
          ? ' (it had prevent_destroy: removing the resource also removes the protection)'
          : ''
      }`;
    case 'update':
      return `  ~ ${change.address}${where} will be updated in place: ${change.attributes.join(', ')}`;
    case 'replace': {
      const symbol = change.createBeforeDestroy ? '+/-' : SYMBOL.replace;
      const order = change.createBeforeDestroy ? 'create before destroy' : 'destroy, then create';
      const lines = [
        `${symbol} ${change.address}${where} must be replaced (${order}), forced by ${change.forcedBy.join(', ')}`,
      ];
      if (change.causedBy.length)
        lines.push(`      because these are replaced: ${change.causedBy.join(', ')}`);
      if (change.nameCollision) {
        const names = Object.entries(change.nameCollision)
          .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
          .join(', ');
        lines.push(`      NAME COLLISION: the new resource keeps ${names} while the old one still exists`);
      }
      if (change.preventDestroyFailure) lines.push('      PLAN FAILS: the resource has prevent_destroy');
      return lines.join('\n');
    }
    default:
      return `    ${change.address}`;
  }
}

/** A plan-like summary of the changes: one line per changed resource and a count line. */
export function formatPlan(plan: PlanChanges): string {
  const changed = plan.resources.filter((r) => r.action !== 'no-op');
  const count = (...actions: ResourceChange['action'][]) =>
    changed.filter((r) => actions.includes(r.action)).length;
  const lines = changed.map(describe);
  lines.push(
    `Plan: ${count('create', 'replace')} to add, ${count('update')} to change, ${count('delete', 'replace')} to destroy.`,
  );
  if (plan.unknownTypes.length) {
    lines.push(
      `(no replacement rules for ${plan.unknownTypes.join(', ')}: their changes are shown as in place)`,
    );
  }
  return lines.join('\n');
}

/** What {@link expectNoLiveReplacement} tolerates. */
export interface NoLiveReplacementOptions extends PlanChangesOptions {
  /**
   * Resources that may be replaced or deleted, matched against the address (`type.name`), the
   * resource type or the construct path (a string matches exactly or as a path suffix).
   * @default - none
   */
  readonly allow?: ReadonlyArray<string | RegExp>;
  /**
   * Only these resource types count as live; replacements of other types are allowed.
   * @default - every type
   */
  readonly liveTypes?: readonly string[];
}

function allowed(change: ResourceChange, allow: ReadonlyArray<string | RegExp>): boolean {
  return allow.some((a) =>
    typeof a === 'string'
      ? a === change.address ||
        a === change.type ||
        (change.path !== undefined && (change.path === a || change.path.endsWith(`/${a}`)))
      : a.test(change.address) || (change.path !== undefined && a.test(change.path)),
  );
}

/**
 * The problems a change between two synthesized stacks would cause: replacements and deletions of
 * live resources that are not allowed, replacements that keep a fixed name under
 * `create_before_destroy`, and replacements that `prevent_destroy` refuses. Empty when the change
 * is safe.
 */
export function liveReplacementProblems(
  plan: PlanChanges,
  options: NoLiveReplacementOptions = {},
): ResourceChange[] {
  const allow = options.allow ?? [];
  return plan.resources.filter((r) => {
    if (r.nameCollision || r.preventDestroyFailure) return true;
    if (r.action !== 'replace' && r.action !== 'delete') return false;
    if (options.liveTypes && !options.liveTypes.includes(r.type)) return false;
    return !allowed(r, allow);
  });
}

/**
 * Jest-friendly assertion: throws with a plan-like report when the change from `before` to
 * `after` replaces or deletes a live resource (unless allowed), replaces one under a fixed name with
 * `create_before_destroy`, or replaces one with `prevent_destroy`. Returns the plan otherwise.
 *
 * @example
 * const plan = expectNoLiveReplacement(Testing.synth(before, true), Testing.synth(after, true));
 */
export function expectNoLiveReplacement(
  before: SynthesizedStack,
  after: SynthesizedStack,
  options: NoLiveReplacementOptions = {},
): PlanChanges {
  const plan = planChanges(before, after, options);
  const problems = liveReplacementProblems(plan, options);
  if (problems.length > 0) {
    throw new Error(
      `the change replaces or deletes ${problems.length} live resource(s):\n${problems.map(describe).join('\n')}\n\nwhole plan:\n${formatPlan(plan)}`,
    );
  }
  return plan;
}
