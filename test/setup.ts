import { Testing } from 'cdktf';
// the matchers' type declarations (toHaveResourceWithProperties, ...)
import 'cdktf/lib/testing/adapters/jest';

// cdktf's matchers: toHaveResourceWithProperties, toHaveProviderWithProperties, ...
Testing.setupJest();
