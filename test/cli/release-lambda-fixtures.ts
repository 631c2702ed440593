/** The options every release command line needs. */
export const REQUIRED = ['--function', 'fn', '--application', 'app', '--deployment-group', 'group'];
