// The time and output of a release or a rollback.

/** Time and output, injected so tests run without waiting. */
export interface ReleaseRuntime {
  /** Waits `milliseconds` between polls of the deployment. */
  sleep(milliseconds: number): Promise<void>;
  /** The current time in milliseconds, for the timeout. */
  now(): number;
  /** Writes one line of progress. */
  log(line: string): void;
}

/** Real time; progress lines to stdout. */
export const defaultReleaseRuntime: ReleaseRuntime = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  log: (line) => console.log(line),
};
