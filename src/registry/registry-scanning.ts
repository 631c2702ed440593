import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { Construct } from 'constructs';
import { z } from 'zod';
import { matching } from '../core/validation/rules';
import { type PropsAgree, validateProps } from '../core/validation/issues';

/** Props of `RegistryScanning`. */
export interface RegistryScanningProps {
  /**
   * Repository name filters (`*` wildcards) that get continuous enhanced scanning, e.g.
   * `['acme-ml-production/*']`.
   */
  readonly repositoryFilters: readonly string[];
}

const propsSchema = z.strictObject({
  repositoryFilters: z
    .array(matching(/^[a-z0-9*._/-]{1,256}$/, "must be a repository filter of a-z 0-9 . _ - / and '*'"))
    .min(1)
    .max(25),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, RegistryScanningProps> = true;
void propsAgree;

/**
 * Enhanced scanning (Amazon Inspector) of the registry: repositories matching the filters are
 * scanned on push and continuously as new vulnerabilities are published.
 *
 * The scanning configuration belongs to the whole registry of the account and region: only one
 * stack per account and region may own it, or they overwrite each other.
 */
export class RegistryScanning extends Construct {
  constructor(scope: Construct, id: string, props: RegistryScanningProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    new EcrRegistryScanningConfiguration(this, 'configuration', {
      scanType: 'ENHANCED',
      rule: [
        {
          scanFrequency: 'CONTINUOUS_SCAN',
          repositoryFilter: p.repositoryFilters.map((filter) => ({ filter, filterType: 'WILDCARD' })),
        },
      ],
    });
  }
}
