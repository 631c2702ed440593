import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FORCE_NEW } from '../../src/testing';

/** Every deep provider import (`@cdktf/provider-aws/lib/<module>`, ...) of the library. */
function providerModules(dir = join(__dirname, '../../src')): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) providerModules(path).forEach((m) => found.add(m));
    else if (name.endsWith('.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/'(@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+)'/g))
        found.add(m[1]);
    }
  }
  return found;
}

/** The Terraform resource types (not data sources, not providers) those modules define. */
function emittedResourceTypes(): string[] {
  const types = new Set<string>();
  for (const module of providerModules()) {
    if (/\/lib\/(provider|data-)/.test(module)) continue;
    const exports = require(module) as Record<string, { tfResourceType?: string }>;
    for (const value of Object.values(exports))
      if (typeof value?.tfResourceType === 'string') types.add(value.tfResourceType);
  }
  return [...types].sort();
}

describe('the replacement rules', () => {
  it('cover every resource type the library can emit', () => {
    const types = emittedResourceTypes();
    expect(types.length).toBeGreaterThan(70);
    expect(types.filter((t) => !FORCE_NEW[t])).toEqual([]);
  });

  it('cite a provider source file and version for every type', () => {
    const uncited = Object.entries(FORCE_NEW)
      .filter(
        ([, rule]) =>
          !/hashicorp\/terraform-provider-(aws v6\.25\.0|kubernetes v2\.38\.0|helm v3\.1\.1) \S+\.go/.test(
            rule.source,
          ),
      )
      .map(([type]) => type);
    expect(uncited).toEqual([]);
  });

  it('mark the SageMaker endpoint rollback block ForceNew (endpoint.go) and every SageMaker model argument', () => {
    expect(FORCE_NEW.aws_sagemaker_endpoint.blocks).toEqual([
      'deployment_config.auto_rollback_configuration',
    ]);
    expect(FORCE_NEW.aws_sagemaker_model.replaceOnAnyChange).toBe(true);
    expect(FORCE_NEW.aws_ecr_lifecycle_policy.replaceOnAnyChange).toBe(true);
  });
});
