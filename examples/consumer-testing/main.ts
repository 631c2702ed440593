// A consumer app with tests: `npx cdktf synth` runs this file (cdktf.json: "app": "npx tsx main.ts"),
// `npx jest` runs staging.test.ts.
import { App } from 'cdktf';
import { addStaging } from './environment';

const app = new App();
addStaging(app);
app.synth();
