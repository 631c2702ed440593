import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe("a consumer's app run by synthApp", () => {
  it('prints the list of problems once, a header and one line each, without a stack trace, and writes nothing', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdktf-out-'));
    try {
      const result = spawnSync(
        process.execPath,
        ['scripts/app.mjs', 'test/fixtures/consumer-invalid-app.ts'],
        {
          cwd: root,
          env: { ...process.env, CDKTF_OUTDIR: outdir },
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toEqual([
        "Invalid environment spec for 'production' (10 problems):",
        "  - project: must be a lowercase DNS label of 2-16 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got \"Acme\"",
        "  - region: must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included) (did you mean 'us-east-1'?), got \"us-east-7\"",
        '  - tags.__proto__: keys must not be __proto__, constructor, prototype: JavaScript reserves these names on objects, so the setting would be dropped or misread (tag keys are 1-128 characters of letters, digits, spaces and _ . : / = + - @, not starting with \'aws:\'), got "__proto__"',
        "  - backend.s3.kmsKeyId: must be a KMS key or alias ARN 'arn:<partition>:kms:<region>:<account>:key/<id>|alias/<name>': the account must be a 12-digit account ID (not '123'), got \"arn:aws:kms:us-east-1:123:key/x\"",
        '  - alerting.emails[0]: must be an e-mail address such as ops@example.com, got "not-an-address"',
        "  - logRetentionDays: must be one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) in days, got 10",
        '  - keyDeletionWindowDays: must be a finite number, got NaN',
        '  - availabilityZones: must be 2 or 3, got 4',
        '  - models[0] (ranker).serving.instanceType: must be a size of the ml.m5 family SageMaker hosts (large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge) (did you mean \'ml.m5.xlarge\'?), got "ml.m5.xlarg"',
        "  - models[0] (ranker).serving.scheduledActions[0].schedule: must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)': the minutes field (1) takes 0-59 (not '61'); the hours field (2) takes 0-23 (not '25'), got \"cron(61 25 ? * MON-FRI *)\"",
      ]);
      const files = readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
