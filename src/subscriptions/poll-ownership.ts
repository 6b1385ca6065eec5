/**
 * Who polls a member: with several server instances, exactly one should (DESIGN.md
 * "Scale-out": a Redis lease, SET NX PX with renewal). The loop asks through this
 * interface only, so a lease can be plugged in without touching the loop.
 */

export interface PollOwnership {
  /** Try to become the poller of `key`; `false` = another instance polls it. */
  acquire(key: string): boolean | Promise<boolean>;
  /** Called before every poll by the owner; `false` = ownership was lost. */
  renew(key: string): boolean | Promise<boolean>;
  /** The last local subscriber left; let another instance take over. */
  release(key: string): void | Promise<void>;
  /**
   * This instance stopped watching `key` (its loop stopped, owner or not; called
   * after `release`). Lets a cluster-wide count of watchers drop it.
   */
  leave?(key: string): void | Promise<void>;
}

/** One process, no coordination: this process always polls. The default. */
export const inProcessOwnership: PollOwnership = {
  acquire: () => true,
  renew: () => true,
  release: () => {},
};
