import { ModelServingEnvironment } from '../src';
import { production } from './production';
import { synthApp } from './run';
import { staging } from './staging';

// This repository's own app: `npx cdktf synth` writes cdktf.out/stacks/staging and
// cdktf.out/stacks/production; `npx cdktf deploy production` deploys one of them.
synthApp((app) => {
  new ModelServingEnvironment(app, 'staging', staging);
  new ModelServingEnvironment(app, 'production', production);
});
