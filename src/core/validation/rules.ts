/**
 * The shared validation rules, in one list: primitives (numbers, strings, names, lists), AWS
 * identifiers and ARNs, CIDR blocks, map keys and tags. Each kind of value is checked, and its
 * problem described, the same way everywhere.
 */
export * from './primitives';
export * from './arn-rules';
export * from './cidr-rules';
export * from './key-rules';
