import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Runs an app the way `cdktf synth` does (cdktf.json's `app` command) into a fresh outdir. */
function runApp(entry?: string): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdktf-out-'));
  const args = ['scripts/app.mjs', ...(entry ? [entry] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

describe("this repository's app", () => {
  it('synthesizes the staging and production stacks', () => {
    const { status, stderr, outdir } = runApp();
    try {
      expect(stderr).toBe('');
      expect(status).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks).sort()).toEqual(['production', 'staging']);
      for (const name of ['staging', 'production']) {
        const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
        expect(json.terraform.backend.s3.key).toBe(`acme-ml/${name}/terraform.tfstate`);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('fails with the validation message and writes nothing when a spec is invalid', () => {
    const { status, stderr, outdir } = runApp('test/fixtures/invalid-app.ts');
    try {
      expect(status).toBe(1);
      expect(stderr).toContain("Invalid environment spec for 'production' (2 problems):");
      expect(stderr).toContain(
        "  - logRetentionDays: must be one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) in days, got 10",
      );
      expect(stderr).toContain("  - backend: is required for the 'production' environment");
      expect(stderr).not.toContain('    at '); // a list of problems, not a stack trace
      // the App creates the empty output folders; no stack nor manifest is written
      const files = readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
