/**
 * One subscriber of a member's status: its iterator, its bus listener and its
 * reference on the loop. Small on purpose: 10,000 idle ones must stay cheap, so
 * it holds no timer and no copy of any event.
 */
import type { MemberPollLoop } from "./member-poll-loop.js";
import { isTerminalMessage, type MemberStatusMessage } from "./member-status-message.js";
import { SlidingBufferIterator } from "./sliding-buffer-iterator.js";

/** The poller side of a subscription's life: attach on first `next()`, detach on close. */
export interface SubscriptionHost {
  attach(subscription: MemberStatusSubscription): void;
  detach(subscription: MemberStatusSubscription): void;
}

export class MemberStatusSubscription {
  readonly iterator: SlidingBufferIterator<MemberStatusMessage>;
  /** Set while attached: the loop this subscription holds a reference on. */
  loop: MemberPollLoop | undefined;
  /** Set while attached: removes `receive` from the bus. */
  unsubscribe: (() => void) | undefined;

  constructor(
    readonly userGuid: string,
    readonly memberGuid: string,
    host: SubscriptionHost,
    bufferSize: number | undefined,
  ) {
    // Lazy: nothing is registered until the consumer asks for the first event, and
    // the iterator's onClose runs exactly once however it ends.
    this.iterator = new SlidingBufferIterator<MemberStatusMessage>({
      bufferSize,
      onFirstNext: () => host.attach(this),
      onClose: () => host.detach(this),
    });
  }

  /** The bus listener. After a terminal message the iterator delivers what it has, then ends. */
  readonly receive = (message: MemberStatusMessage): void => {
    this.iterator.push(message);
    if (isTerminalMessage(message)) this.iterator.end();
  };
}
