/** Where data capture writes in the artifact bucket: `data-capture/<model>/`. */
export const DATA_CAPTURE_ROOT = 'data-capture/';
/** Where async inference reads inputs and writes results: `async-inference/<model>/{input,output,failures}/`. */
export const ASYNC_INFERENCE_ROOT = 'async-inference/';
