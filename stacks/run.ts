// The runner this repository's app uses is the one the package exports to consumers.
export { synthApp } from '../src';
