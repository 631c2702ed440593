// The exit codes of `cdktf-model-serving-release-lambda`.
import type { ReleaseOutcome } from '../serving/lambda/release/options';

/** The process exit code of each outcome. */
export const RELEASE_EXIT_CODES: Readonly<Record<ReleaseOutcome, number>> = {
  succeeded: 0,
  unchanged: 0,
  failed: 1,
  refused: 2,
  'timed-out': 3,
};

/** The exit code when a call to AWS fails (nothing is rolled back by the command). */
export const RELEASE_ERROR_EXIT_CODE = 4;
