#!/usr/bin/env node
// Lists the attributes that force a replacement in a Terraform provider's Go sources, as input for
// src/testing/force-new.ts (the table the change-safety analysis uses).
//
//   node scripts/extract-force-new.mjs <provider checkout> [type-prefix ...]
//
// Check out the pinned tag first, e.g.
//   git clone --depth 1 --branch v6.25.0 https://github.com/hashicorp/terraform-provider-aws
//   git -C terraform-provider-kubernetes worktree add /tmp/k8s v2.38.0
//
// For every Go file that declares a resource it prints the resource type and each `ForceNew: true`
// (plugin SDK v2) or `RequiresReplace...()` plan modifier (plugin framework) with the path of
// schema keys around it (`deployment_config.auto_rollback_configuration`), the enclosing function
// and the line. The resource type comes from the AWS provider's `@SDKResource("aws_x")` /
// `@FrameworkResource("aws_x")` annotations, or from the file name `resource_<type>.go`
// (kubernetes, helm). Shared schema helpers (e.g. the kubernetes provider's
// `namespacedMetadataSchema`) are listed under their own file with the function name, so a reader
// can attach them to the resources that call them. What this cannot see: CustomizeDiff functions
// that call `ForceNew(...)` or `RequiresReplace` on the response (listed as `customizeDiff` hits
// for review), and whether a ForceNew key is an attribute or a nested block (read the `Elem`).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [root, ...prefixes] = process.argv.slice(2);
if (!root) {
  console.error('usage: node scripts/extract-force-new.mjs <provider checkout> [type-prefix ...]');
  process.exit(2);
}

function* goFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!['.git', 'vendor', 'testdata', 'node_modules'].includes(name)) yield* goFiles(path);
    } else if (name.endsWith('.go') && !name.endsWith('_test.go')) yield path;
  }
}

/** `names.AttrVPCID` → `vpc_id` (the AWS provider's attribute-name constants). */
function attrConstant(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const KEY =
  /(?:"([a-z0-9_]+)"\s*:|names\.Attr(\w+)\s*:|\["([a-z0-9_]+)"\]\s*=)\s*(?:&?schema\.\w+|\w+schema\.\w+)?\s*$/;

/** Scans one Go file: ForceNew and RequiresReplace hits with their schema key path. */
function scan(text) {
  const hits = [];
  const stack = [];
  let func = '';
  let line = 1;
  let segmentStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      const f = /^func\s+(?:\([^)]*\)\s*)?(\w+)/.exec(text.slice(i + 1, i + 200));
      if (f) func = f[1];
    }
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if (c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      for (let j = i + 1; j < end; j++) if (text[j] === '\n') line++;
      i = end;
      continue;
    }
    if (c === '{') {
      const before = text.slice(segmentStart, i);
      const m = KEY.exec(before);
      stack.push(m ? (m[1] ?? m[3] ?? attrConstant(m[2])) : null);
      segmentStart = i + 1;
    } else if (c === '}') {
      stack.pop();
      segmentStart = i + 1;
    } else if (c === ',' || c === ';') {
      segmentStart = i + 1;
    } else if (text.startsWith('ForceNew:', i) && /^ForceNew:\s*true/.test(text.slice(i, i + 20))) {
      hits.push({ kind: 'ForceNew', path: stack.filter(Boolean).join('.'), func, line });
    } else if (text.startsWith('RequiresReplace', i) && /^RequiresReplace\w*\(/.test(text.slice(i, i + 40))) {
      const kind = /^RequiresReplace\w*/.exec(text.slice(i, i + 40))[0];
      const inDiff = /customizediff|modifyplan/i.test(func);
      hits.push({
        kind: inDiff ? `customizeDiff:${kind}` : kind,
        path: stack.filter(Boolean).join('.'),
        func,
        line,
      });
    } else if (text.startsWith('.ForceNew(', i)) {
      hits.push({ kind: 'customizeDiff:ForceNew', path: '', func, line });
    }
  }
  return hits;
}

const out = {};
for (const file of goFiles(root)) {
  const text = readFileSync(file, 'utf8');
  const annotated = [...text.matchAll(/@(?:SDK|Framework)Resource\("([a-z0-9_]+)"/g)].map((m) => m[1]);
  const byName = /resource_([a-z0-9_]+)\.go$/.exec(file);
  const types = annotated.length ? annotated : byName ? [byName[1]] : [];
  const hits = scan(text);
  if (!hits.length) continue;
  const key = types.length ? types.join(',') : `(helpers) ${relative(root, file)}`;
  if (prefixes.length && !prefixes.some((p) => key.includes(p))) continue;
  out[key] = { file: relative(root, file), hits };
}
for (const [type, { file, hits }] of Object.entries(out).sort()) {
  console.log(`${type}  (${file})`);
  for (const h of hits)
    console.log(`  ${h.kind.padEnd(28)} ${h.path || '(top level)'}  [${h.func}:${h.line}]`);
}
