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

/** The Sanad team: founders, approvers and on-call — not the customers in shared channels. */
export function isTeamMember(policy: Policy, userId: string): boolean {
  const { founders, approvers, oncall } = policy.people;
  return founders.includes(userId) || approvers.includes(userId) || oncall.includes(userId);
}

/** Everyone who approves something: founders and approvers. */
export function approverAndFounderIds(policy: Policy): string[] {
  return [...new Set([...policy.people.approvers, ...policy.people.founders])];
}

/**
 * Re-publishes the App Home of those of these users who use it (debounced by the jobs):
 * called when what waits for their approval changes.
 */
export interface HomeRefresher {
  refreshHomes(userIds: readonly string[]): Promise<void>;
}

export const NO_HOME_REFRESH: HomeRefresher = { refreshHomes: async () => undefined };

/**
 * Tells the approvers' Homes that what waits for approval changed. Best effort, after the
 * change is stored: a failure is logged, not thrown (the Home is fresh when next opened).
 */
export async function refreshApproverHomes(
  ctx: ServiceContext,
  homes: HomeRefresher,
): Promise<void> {
  try {
    await homes.refreshHomes(approverAndFounderIds(ctx.policy));
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not queue the Home refresh');
  }
}

export function actorFor(policy: Policy, userId: string) {
  const roles = rolesFrom(policy);
  return { userId, isFounder: roles.isFounder(userId), isApprover: roles.isApprover(userId) };
}
