import { Testing, TerraformStack } from 'cdktf';
import { FORCE_NEW, type ForceNewRule } from './force-new';

/** A synthesized stack: the stack itself, its Terraform JSON as text, or the parsed JSON. */
export type SynthesizedStack = TerraformStack | string | Record<string, unknown>;

/** What Terraform would do to one resource. */
export type ChangeAction = 'create' | 'delete' | 'update' | 'replace' | 'no-op';

/** The planned change of one resource (by Terraform address `type.name`). */
export interface ResourceChange {
  /** `type.name`, e.g. `aws_sagemaker_endpoint.recommender_endpoint_ABC123`. */
  readonly address: string;
  /** The resource type. */
  readonly type: string;
  /** The construct path from the synthesized metadata, when present. */
  readonly path?: string;
  /** What Terraform would do. */
  readonly action: ChangeAction;
  /** Top-level arguments that change (for updates and replacements). */
  readonly attributes: readonly string[];
  /** For a replacement: the ForceNew paths that changed. */
  readonly forcedBy: readonly string[];
  /** For a replacement: whether the new resource is created before the old one is destroyed. */
  readonly createBeforeDestroy: boolean;
  /**
   * For a `create_before_destroy` replacement that keeps its unique name: the name attributes and
   * their value. The create fails because the name is taken.
   */
  readonly nameCollision?: Readonly<Record<string, unknown>>;
  /** A replacement of a resource with `prevent_destroy`: the plan fails. */
  readonly preventDestroyFailure: boolean;
  /** A deleted resource that had `prevent_destroy` (removing the block also removes the protection). */
  readonly protectedDeletion: boolean;
  /** Replaced resources whose new attribute values this resource references. */
  readonly causedBy: readonly string[];
}

/** Options of {@link planChanges}. */
export interface PlanChangesOptions {
  /**
   * How a ForceNew nested block of an SDKv2 resource is read. `presence`: only adding or removing
   * the block replaces the resource (the plugin SDK's rule, hashicorp/terraform#34691); changes
   * inside it follow the nested attributes' own flags. `anyChange`: any change inside the block
   * replaces the resource (a conservative reading, for a check that must not miss a replacement).
   * @default 'presence'
   */
  readonly forceNewBlocks?: 'presence' | 'anyChange';
}

/** The result of {@link planChanges}. */
export interface PlanChanges {
  /** Every resource of either stack, sorted by address. */
  readonly resources: readonly ResourceChange[];
  /** Resources of a type with no replacement rules (the analysis treats every change as in place). */
  readonly unknownTypes: readonly string[];
}

// Terraform JSON as synthesized: shapes vary by resource type, read defensively below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface Block {
  readonly address: string;
  readonly type: string;
  readonly config: Json;
}

const META_ARGUMENTS = new Set([
  '//',
  'lifecycle',
  'depends_on',
  'provider',
  'count',
  'for_each',
  'provisioner',
  'connection',
]);
const TAGS = new Set(['tags', 'tags_all']);

/** Parses a stack argument into its Terraform JSON. */
export function toTerraformJson(stack: SynthesizedStack): Json {
  if (typeof stack === 'string') return JSON.parse(stack) as Json;
  if (TerraformStack.isStack(stack)) return JSON.parse(Testing.synth(stack, true)) as Json;
  return stack as Json;
}

function blocksOf(json: Json, section: 'resource' | 'data'): Map<string, Block> {
  const out = new Map<string, Block>();
  for (const [type, byName] of Object.entries((json[section] ?? {}) as Json)) {
    for (const [name, config] of Object.entries(byName as Json)) {
      const address = section === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      out.set(address, { address, type, config: config as Json });
    }
  }
  return out;
}

/** `moved` blocks (`from` → `to`) in the after stack. */
function movedOf(json: Json): Map<string, string> {
  const moved = new Map<string, string>();
  for (const m of (json.moved ?? []) as Array<{ from: string; to: string }>) moved.set(m.to, m.from);
  return moved;
}

const REF = /(?:^|[^\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)\.([A-Za-z_]\w*)/g;

/** The `address → attribute` references in every `${...}` of a value. */
function references(value: unknown, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') {
    for (const expr of value.match(/\$\{[\s\S]*?\}/g) ?? []) {
      for (const m of expr.matchAll(REF)) out.push([m[1], m[2]]);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) references(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) references(v, out);
  }
  return out;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function equal(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** The values at a dotted path; lists (blocks) are mapped element-wise. */
function project(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, path));
  if (value && typeof value === 'object') return project((value as Json)[path[0]], path.slice(1));
  return undefined;
}

/** The number of elements of a block at a dotted path (element-wise through enclosing lists). */
function countAt(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) {
    if (value === undefined || value === null) return 0;
    return Array.isArray(value) ? value.length : 1;
  }
  if (Array.isArray(value)) return value.map((v) => countAt(v, path));
  if (value && typeof value === 'object') return countAt((value as Json)[path[0]], path.slice(1));
  return 0;
}

function normalizeIgnore(entry: string): string {
  return entry
    .replace(/\[\s*\d+\s*\]/g, '')
    .replace(/\["([^"]+)"\]/g, '.$1')
    .replace(/^\.+/, '');
}

function ignoredBy(ignore: readonly string[] | 'all', path: string): boolean {
  if (ignore === 'all') return true;
  return ignore.some((i) => path === i || path.startsWith(`${i}.`));
}

function ignoreList(config: Json): readonly string[] | 'all' {
  const raw = config.lifecycle?.ignore_changes;
  if (raw === 'all' || (Array.isArray(raw) && raw.includes('all'))) return 'all';
  return Array.isArray(raw) ? raw.map((r: string) => normalizeIgnore(String(r))) : [];
}

/**
 * Classifies every resource of two synthesized stacks as Terraform would plan it: created,
 * deleted, updated in place (which arguments) or replaced (which ForceNew paths), honouring
 * `lifecycle.ignore_changes`, `create_before_destroy` (and reports a replacement that keeps its
 * unique name) and `prevent_destroy`. A value that references an attribute of a replaced resource
 * becomes unknown and counts as changed; replacements propagate through references to a fixed
 * point. A replaced resource's computed attributes (`id`, `arn`, ...) are taken to change, its
 * arguments keep the value of the new configuration. Data sources are not resources: a data source
 * whose arguments change (or reference something that changes) makes the values read from it
 * change.
 *
 * This is a pure JSON comparison: it needs neither Terraform nor credentials, and it cannot see
 * server-side state, drift, provider CustomizeDiff logic beyond what the rules table notes, or
 * values only known after apply.
 */
export function planChanges(
  before: SynthesizedStack,
  after: SynthesizedStack,
  options: PlanChangesOptions = {},
): PlanChanges {
  const anyChangeInBlock = options.forceNewBlocks === 'anyChange';
  const b = toTerraformJson(before);
  const a = toTerraformJson(after);
  const oldResources = blocksOf(b, 'resource');
  const newResources = blocksOf(a, 'resource');
  const oldData = blocksOf(b, 'data');
  const newData = blocksOf(a, 'data');
  const moved = movedOf(a);
  const previous = (address: string): Block | undefined =>
    oldResources.get(moved.get(address) ?? address) ??
    (moved.has(address) ? undefined : oldResources.get(address));

  // Replaced resources, in-place-updated resources (with their changed arguments), changed data.
  const replaced = new Set<string>();
  const updated = new Map<string, string[]>();
  const changedData = new Set<string>();

  /** Whether a reference (to a resource or data source attribute) has a new or unknown value. */
  const refChanges = ([address, attribute]: [string, string]): boolean => {
    if (address.startsWith('data.')) return changedData.has(address);
    const now = newResources.get(address);
    if (!now) return false; // not a resource of this stack (a variable, a local, a module)
    const then = previous(address);
    if (!then) return true; // a new resource: all its computed attributes are unknown
    if (replaced.has(address)) {
      // arguments keep their configured value; computed attributes are new
      if (attribute in now.config && attribute in then.config) {
        return !equal(now.config[attribute], then.config[attribute]) || hasUnknown(now.config[attribute]);
      }
      return true;
    }
    if (updated.has(address)) {
      const rule = FORCE_NEW[now.type];
      if (rule?.changesOnUpdate?.includes(attribute)) return true;
      if (attribute in now.config) return updated.get(address)!.includes(attribute);
    }
    return false;
  };
  const hasUnknown = (value: unknown): boolean => references(value).some(refChanges);

  const changedPath = (oldConfig: Json, newConfig: Json, path: string): boolean => {
    const parts = path.split('.');
    const o = project(oldConfig, parts);
    const n = project(newConfig, parts);
    return !equal(o, n) || hasUnknown(n);
  };

  const results = new Map<string, ResourceChange>();
  // Iterate to a fixed point: a replacement or data change can make more values unknown.
  for (let round = 0; round < 100; round++) {
    let grew = false;
    for (const [address, block] of newData) {
      if (changedData.has(address)) continue;
      const old = oldData.get(address);
      if (!old || !equal(old.config, block.config) || hasUnknown(block.config)) {
        changedData.add(address);
        grew = true;
      }
    }
    for (const [address, now] of newResources) {
      const then = previous(address);
      if (!then) continue;
      const rule: ForceNewRule | undefined = FORCE_NEW[now.type];
      const ignore = ignoreList(now.config);
      const keys = new Set([...Object.keys(then.config), ...Object.keys(now.config)]);
      const same = (k: string): boolean => {
        const normalize = rule?.normalize?.[k] ?? ((v: unknown) => v);
        return equal(normalize(then.config[k]), normalize(now.config[k]));
      };
      const attributes = [...keys]
        .filter((k) => !META_ARGUMENTS.has(k))
        .filter((k) => !ignoredBy(ignore, k))
        .filter((k) => !same(k) || hasUnknown(now.config[k]))
        .sort();
      const forcedBy: string[] = [];
      if (rule?.replaceOnAnyChange) {
        forcedBy.push(...attributes.filter((k) => !TAGS.has(k) && k !== 'timeouts'));
      }
      for (const path of rule?.attributes ?? []) {
        if (ignoredBy(ignore, path) || forcedBy.includes(path)) continue;
        if (changedPath(then.config, now.config, path)) forcedBy.push(path);
      }
      for (const path of rule?.blocks ?? []) {
        if (ignoredBy(ignore, path)) continue;
        const parts = path.split('.');
        if (
          anyChangeInBlock
            ? changedPath(then.config, now.config, path)
            : !equal(countAt(then.config, parts), countAt(now.config, parts))
        ) {
          forcedBy.push(path);
        }
      }
      const before = updated.get(address);
      if (forcedBy.length > 0 && !replaced.has(address)) {
        replaced.add(address);
        grew = true;
      } else if (forcedBy.length === 0 && attributes.length > 0 && !equal(before, attributes)) {
        updated.set(address, attributes);
        grew = true;
      }
      results.set(address, change(address, now, then, attributes, forcedBy));
    }
    if (!grew) break;
  }

  function change(
    address: string,
    now: Block,
    then: Block,
    attributes: string[],
    forcedBy: string[],
  ): ResourceChange {
    const lifecycle = (now.config.lifecycle ?? {}) as Json;
    const isReplace = replaced.has(address);
    const cbd = lifecycle.create_before_destroy === true;
    const causedBy = isReplace
      ? [
          ...new Set(
            references(now.config)
              .filter(([addr]) => replaced.has(addr))
              .map(([addr]) => addr),
          ),
        ].sort()
      : [];
    let nameCollision: Record<string, unknown> | undefined;
    const unique = FORCE_NEW[now.type]?.uniqueName;
    if (isReplace && cbd && unique?.length) {
      const same = unique.every((path) => {
        const parts = path.split('.');
        const n = project(now.config, parts);
        return n !== undefined && equal(project(then.config, parts), n) && !hasUnknown(n);
      });
      if (same) nameCollision = Object.fromEntries(unique.map((p) => [p, project(now.config, p.split('.'))]));
    }
    return {
      address,
      type: now.type,
      path: now.config['//']?.metadata?.path,
      action: isReplace ? 'replace' : attributes.length > 0 ? 'update' : 'no-op',
      attributes,
      forcedBy: isReplace ? forcedBy.sort() : [],
      createBeforeDestroy: isReplace && cbd,
      nameCollision,
      preventDestroyFailure: isReplace && lifecycle.prevent_destroy === true,
      protectedDeletion: false,
      causedBy,
    };
  }

  for (const [address, now] of newResources) {
    if (previous(address)) continue;
    results.set(address, {
      address,
      type: now.type,
      path: now.config['//']?.metadata?.path,
      action: 'create',
      attributes: [],
      forcedBy: [],
      createBeforeDestroy: false,
      preventDestroyFailure: false,
      protectedDeletion: false,
      causedBy: [],
    });
  }
  const kept = new Set([...newResources.keys()].map((a) => moved.get(a) ?? a));
  for (const [address, then] of oldResources) {
    if (kept.has(address)) continue;
    results.set(`${address} (deleted)`, {
      address,
      type: then.type,
      path: then.config['//']?.metadata?.path,
      action: 'delete',
      attributes: [],
      forcedBy: [],
      createBeforeDestroy: false,
      preventDestroyFailure: false,
      protectedDeletion: then.config.lifecycle?.prevent_destroy === true,
      causedBy: [],
    });
  }
  const resources = [...results.values()].sort((x, y) =>
    x.address < y.address ? -1 : x.address > y.address ? 1 : 0,
  );
  const unknownTypes = [...new Set(resources.map((r) => r.type))].filter((t) => !FORCE_NEW[t]).sort();
  return { resources, unknownTypes };
}
