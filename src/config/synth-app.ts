import { App, type AppConfig } from 'cdktf';
import { SpecValidationError } from '../core/validation/issues';

/** The start of the error cdktf throws when construct validations fail at synthesis. */
const CONSTRUCT_VALIDATION_FAILURE = 'Validation failed with the following errors:';

/** Options of `synthApp`. */
export interface SynthAppOptions {
  /**
   * The configuration of the new `App`.
   * @default - cdktf's defaults (the output folder from `cdktf synth`)
   */
  readonly appConfig?: AppConfig;
  /**
   * Where the list of problems is written.
   * @default - standard error (`console.error`)
   */
  readonly report?: (text: string) => void;
}

/**
 * Builds the stacks `define` adds to a new app and synthesizes them: the `main.ts` of an app that
 * uses this library. A spec problem is the user's to fix, so it is reported once as the
 * validator's list (a header and one line per problem, no stack trace), nothing is written, and the
 * process exit code is set to 1 so `cdktf synth` and `cdktf deploy` stop. The problems of construct
 * validations found at synthesis are reported the same way. Any other error is thrown: it is a bug
 * to report with its stack trace.
 *
 * @returns the synthesized app, or `undefined` when a problem was reported
 */
export function synthApp(define: (app: App) => void, options: SynthAppOptions = {}): App | undefined {
  const report = options.report ?? ((text: string) => console.error(text));
  try {
    const app = new App(options.appConfig);
    define(app);
    app.synth();
    return app;
  } catch (error) {
    const problems =
      error instanceof SpecValidationError ||
      (error instanceof Error && error.message.startsWith(CONSTRUCT_VALIDATION_FAILURE));
    if (!problems) throw error;
    report((error as Error).message);
    process.exitCode = 1;
    return undefined;
  }
}
