/**
 * Nudges across instances: a mutation handled by one instance must make the
 * instance that owns the member's poll loop poll now (DESIGN.md "Shared poller",
 * "Scale-out"). In one process the poller nudges its own loop and needs none.
 */
export interface NudgeChannel {
  /** Tells the other instances that the member of `topic` changed. */
  send(topic: string): void | Promise<void>;
  /** Calls `handler` with the topic of every nudge from another instance; returns the unlisten function. */
  listen(handler: (topic: string) => void): () => void;
}
