import type { z } from 'zod';
import { isToken } from '../../../core/validation/rules';
import { HTTP_API_TIMEOUT_SECONDS } from './types';

const num = (v: unknown): v is number => typeof v === 'number' && !isToken(v);

/**
 * Anonymous access only by the named opt-out, and the opt-out only where it is used: for an
 * object holding `auth` and `allowAnonymousAccess`.
 */
export function anonymousAccessRule(
  api: { auth?: { type?: unknown }; allowAnonymousAccess?: unknown },
  ctx: z.RefinementCtx,
): void {
  const type = api.auth?.type;
  if (type === 'none' && api.allowAnonymousAccess !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['auth', 'type'],
      input: type,
      message:
        "must be 'iam' or 'jwt': an anonymous route needs the explicit opt-out allowAnonymousAccess: true",
    });
  }
  if (api.allowAnonymousAccess === true && type !== 'none') {
    ctx.addIssue({
      code: 'custom',
      path: ['allowAnonymousAccess'],
      input: true,
      message: "must only be set with auth: { type: 'none' } (the route is authorized)",
    });
  }
}

/** Provisioned concurrency comes out of the reserved concurrency, scheduled ranges included. */
export function reservedConcurrencyRule(
  settings: {
    reservedConcurrency?: unknown;
    provisionedConcurrency?: { max?: unknown; scheduledActions?: unknown };
  },
  ctx: z.RefinementCtx,
): void {
  const reserved = settings.reservedConcurrency;
  const pc = settings.provisionedConcurrency;
  if (!num(reserved) || typeof pc !== 'object' || pc === null) return;
  if (num(pc.max) && pc.max > reserved) {
    ctx.addIssue({
      code: 'custom',
      path: ['reservedConcurrency'],
      input: reserved,
      message: `must be at least provisionedConcurrency.max (${pc.max}): provisioned concurrency comes out of the reserved concurrency`,
    });
  }
  const actions = Array.isArray(pc.scheduledActions) ? (pc.scheduledActions as unknown[]) : [];
  actions.forEach((action, index) => {
    const max = (action as { max?: unknown } | null)?.max;
    if (num(max) && max > reserved) {
      ctx.addIssue({
        code: 'custom',
        path: ['provisionedConcurrency', 'scheduledActions', index, 'max'],
        input: max,
        message: `must not exceed reservedConcurrency (${reserved}): provisioned concurrency comes out of the reserved concurrency`,
      });
    }
  });
}

/** A function behind the HTTP API answers within the API's integration timeout. */
export function httpApiTimeoutRule(
  spec: { api?: unknown; timeoutSeconds?: unknown },
  ctx: z.RefinementCtx,
): void {
  const api = spec.api;
  const behindHttpApi =
    api === undefined ||
    (typeof api === 'object' && api !== null && 'kind' in api && api.kind === 'http-api');
  const timeout = spec.timeoutSeconds;
  if (behindHttpApi && num(timeout) && timeout > HTTP_API_TIMEOUT_SECONDS) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeoutSeconds'],
      input: timeout,
      message: `must be at most ${HTTP_API_TIMEOUT_SECONDS} seconds behind the HTTP API, whose integration timeout is ${HTTP_API_TIMEOUT_SECONDS} s (use api: { kind: 'function-url' } for longer requests)`,
    });
  }
}
