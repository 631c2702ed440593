// A GPU model on EKS, released as a canary: 20% of requests reach v2.0.0 while v1.9.0 stays
// stable. Promote by setting stableVersion to '2.0.0'; roll back with canaryWeight: 0.
import { App } from 'cdktf';
import { ModelServingEnvironment, presets } from 'cdktf-model-serving';

const app = new App();

new ModelServingEnvironment(app, 'production', {
  ...presets.production,
  project: 'vision',
  region: 'eu-west-1',
  allowedAccountIds: ['123456789012'],
  backend: { s3: { bucket: 'vision-terraform-state' } },
  cluster: {
    adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'],
    // the deploy runner's public egress address (replace with yours): the API endpoint admits it only
    publicAccessCidrs: ['34.192.0.10/32'],
    gpuNodeGroups: [{ name: 'l4', instanceTypes: ['g6.2xlarge'], minSize: 1, maxSize: 7 }],
    // stable at its peak (6) plus the canary (1)
    serving: { gpuQuota: 7 },
  },
  models: [
    {
      name: 'detector',
      version: '2.0.0',
      serving: {
        kind: 'kubernetes',
        gpu: 1,
        replicas: { min: 2, max: 6 },
        cpu: '6',
        memory: '24Gi',
        modelLoadSeconds: 420,
        ingress: {
          certificateArn:
            'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-4333-8444-555555555555',
          host: 'detector.vision.example.com',
        },
        rollout: { strategy: 'canary', stableVersion: '1.9.0', canaryWeight: 20 },
      },
    },
  ],
});

app.synth();
