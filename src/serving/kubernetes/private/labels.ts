/** The label every Kubernetes object the library creates carries. */
export const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'cdktf-model-serving' } as const;

/** The Kubernetes label that names the model. */
export const MODEL_LABEL = 'app.kubernetes.io/name';
/** The Kubernetes label that names a model's track (stable, canary, blue, green). */
export const TRACK_LABEL = 'model-serving.io/track';

/** Metadata of one of the model's objects. */
export type MetadataFor = (
  name: string,
  labels?: Record<string, string>,
) => { name: string; namespace: string; labels: Record<string, string> };
