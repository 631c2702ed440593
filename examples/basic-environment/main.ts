// A consumer app: one staging environment from the preset, with an override and alerting.
// Run with `npx cdktf synth` in an app whose cdktf.json points here.
import { App } from 'cdktf';
import { ModelServingEnvironment, presets } from 'cdktf-model-serving';

const app = new App();

new ModelServingEnvironment(app, 'staging', {
  ...presets.staging,
  project: 'shop-ml',
  region: 'eu-west-1',
  logRetentionDays: 14,
  tags: { Team: 'recommendations' },
  alerting: { emails: ['recs-oncall@example.com'] },
});

app.synth();
