/** The label every Kubernetes object the library creates carries. */
export const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'cdktf-model-serving' } as const;
