import { App } from 'cdktf';
import { SpecValidationError } from '../src';

/**
 * Builds the stacks `define` adds to a new app and synthesizes them. A spec problem is the
 * user's to fix: it is printed as the validator's list (no stack trace) and the process exits
 * non-zero, so `cdktf synth` fails with that message and writes nothing.
 */
export function synthApp(define: (app: App) => void): void {
  try {
    const app = new App();
    define(app);
    app.synth();
  } catch (error) {
    if (!(error instanceof SpecValidationError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
