import type { DeploymentV1SpecTemplate } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { ACCELERATOR_LABEL, GPU_TAINT, NODE_POOL_LABEL } from '../../../cluster/serving-node-group';
import { ARTIFACT_DOWNLOAD_RESOURCES } from '../spec/resources';
import type { ResolvedKubernetesServing } from './tracks';

/** Seconds the ALB takes to deregister a target (the target group attribute the Ingress sets). */
export const DEREGISTRATION_DELAY_SECONDS = 30;
/** Where the init container puts the artifact and the server reads it. */
export const MODEL_PATH = '/models';

/** Seconds a stopping pod keeps serving while the load balancer deregisters it. */
export function preStopSeconds(): number {
  return DEREGISTRATION_DELAY_SECONDS + 5;
}

/**
 * Grace period of a stopping pod: the preStop delay plus time for the longest request in flight
 * (the load balancer's idle timeout, or two minutes without an ingress).
 */
export function terminationGraceSeconds(serving: ResolvedKubernetesServing): number {
  return preStopSeconds() + (serving.ingress?.idleTimeoutSeconds ?? 120);
}

/** What a pod of one track needs to know. */
export interface PodTemplateOptions {
  readonly model: string;
  readonly version: string;
  /** Labels of the pod. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels that select the track's pods whatever their version (for spreading). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serving: ResolvedKubernetesServing;
  readonly image: string;
  readonly artifactUri: string;
  readonly downloaderImage: string;
  readonly serviceAccount: string;
  readonly region: string;
  /** The GPU node group to run on, for a GPU model. */
  readonly gpuNodePool?: string;
  /** Its accelerator label value, for a GPU model. */
  readonly accelerator?: string;
}

const hardened = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * The pod of a model: a hardened container (non-root, read-only root filesystem, no privilege
 * escalation, every capability dropped, seccomp RuntimeDefault) with writable `emptyDir`s for
 * the model, `/tmp`, a cache and a memory-backed `/dev/shm`; an init container that downloads the
 * artifact from S3 with the pod's own role; probes sized to the model's load time; GPU requests,
 * toleration and node selection for GPU models; zone spread and host anti-affinity; a preStop
 * delay longer than the load balancer's deregistration; Prometheus scrape annotations.
 */
export function podTemplate(o: PodTemplateOptions): DeploymentV1SpecTemplate {
  const s = o.serving;
  const gpu: Record<string, string> = s.gpu > 0 ? { 'nvidia.com/gpu': String(s.gpu) } : {};
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const selector = [{ matchLabels: { ...o.selectorLabels } }];
  return {
    metadata: {
      labels: { ...o.labels },
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(s.port),
        'prometheus.io/path': s.metricsPath,
      },
    },
    spec: {
      serviceAccountName: o.serviceAccount,
      // pods do not call the Kubernetes API; AWS credentials come from the workload identity
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: terminationGraceSeconds(s),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: String(s.runAsUser),
        runAsGroup: String(s.runAsUser),
        fsGroup: String(s.runAsUser),
        seccompProfile: { type: 'RuntimeDefault' },
      },
      initContainer: [
        {
          name: 'download-model',
          image: o.downloaderImage,
          command: ['aws', 's3', 'sync', o.artifactUri, MODEL_PATH, '--no-progress', '--only-show-errors'],
          env: [
            { name: 'AWS_REGION', value: o.region },
            { name: 'HOME', value: '/tmp' },
          ],
          resources: {
            requests: { ...ARTIFACT_DOWNLOAD_RESOURCES.requests },
            limits: { ...ARTIFACT_DOWNLOAD_RESOURCES.limits },
          },
          securityContext: hardened,
          volumeMount: [
            { name: 'model', mountPath: MODEL_PATH },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      container: [
        {
          name: 'model',
          image: o.image,
          imagePullPolicy: 'IfNotPresent',
          args: s.args ? [...s.args] : undefined,
          port: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }],
          env: [
            { name: 'MODEL_NAME', value: o.model },
            { name: 'MODEL_VERSION', value: o.version },
            { name: 'MODEL_PATH', value: MODEL_PATH },
            { name: 'XDG_CACHE_HOME', value: '/var/cache/model' },
            ...Object.entries(s.env).map(([name, value]) => ({ name, value })),
          ],
          resources: {
            requests: { cpu: s.cpu, memory: s.memory, ...gpu },
            limits: { cpu: s.cpuLimit ?? s.cpu, memory: s.memory, ...gpu },
          },
          securityContext: hardened,
          startupProbe: probe(s.healthPath, 10, Math.ceil(s.modelLoadSeconds / 10)),
          readinessProbe: probe(s.readinessPath ?? s.healthPath, 10, 3),
          livenessProbe: probe(s.healthPath, 20, 3),
          lifecycle: { preStop: [{ exec: { command: ['sleep', String(preStopSeconds())] } }] },
          volumeMount: [
            { name: 'model', mountPath: MODEL_PATH, readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'cache', mountPath: '/var/cache/model' },
            { name: 'shm', mountPath: '/dev/shm' },
          ],
        },
      ],
      volume: [
        { name: 'model', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
        { name: 'cache', emptyDir: {} },
        { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: s.sharedMemory } },
      ],
      ...(o.gpuNodePool
        ? {
            nodeSelector: {
              [NODE_POOL_LABEL]: o.gpuNodePool,
              ...(o.accelerator ? { [ACCELERATOR_LABEL]: o.accelerator } : {}),
            },
            toleration: [{ key: GPU_TAINT.key, operator: 'Exists', effect: GPU_TAINT.effect }],
          }
        : {}),
      topologySpreadConstraint: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: selector,
        },
      ],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector },
            },
          ],
        },
      },
    },
  };
}
