/**
 * The dependencies application services share. Built once in the composition root
 * (src/app.ts or src/worker.ts) and passed in — no module-level singletons.
 */
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import type { SanadStore } from '../store/redisStore.ts';

export type Clock = () => number;

export interface ServiceContext {
  store: SanadStore;
  policy: Policy;
  now: Clock;
  logger: Logger;
}

export interface Roles {
  isFounder(userId: string): boolean;
  isApprover(userId: string): boolean;
}

export function rolesFrom(policy: Policy): Roles {
  return {
    isFounder: (userId) => policy.people.founders.includes(userId),
    // Founders approve everything; approvers approve everything but P0.
    isApprover: (userId) =>
      policy.people.approvers.includes(userId) || policy.people.founders.includes(userId),
  };
}

export function actorFor(policy: Policy, userId: string) {
  const roles = rolesFrom(policy);
  return { userId, isFounder: roles.isFounder(userId), isApprover: roles.isApprover(userId) };
}
