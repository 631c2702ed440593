// jest `setupFilesAfterEnv`: registers cdktf's matchers (toHaveResourceWithProperties, ...).
import { Testing } from 'cdktf';

Testing.setupJest();
