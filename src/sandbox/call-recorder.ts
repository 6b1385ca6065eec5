// Records the Atrium API requests that passed authentication, so tests can assert how many upstream
// calls an operation made (DESIGN.md "Performance targets"). Control routes are not recorded.

/** One recorded request. */
export interface RecordedCall {
  method: string;
  /** Route template, e.g. `/users/:user_guid/members/:member_guid/status`; `(unmatched)` for unknown paths. */
  route: string;
  /** Request path without the query string. */
  path: string;
  /** Answer status; 0 for a hang fault (no answer). */
  status: number;
  memberGuid?: string;
  userGuid?: string;
  /** `Date.now()` when the request arrived, before any added latency: when the caller started it. */
  arrivedAt: number;
  /** `Date.now()` when the answer was decided. */
  at: number;
  /** True when an injected or random fault answered instead of the API. */
  faulted: boolean;
  /** Which MX API the request spoke (from its headers). */
  dialect: "atrium" | "platform";
  /** Names of the request's headers, lower-case (values are never kept: they hold credentials). */
  headerNames: string[];
}

/** Selects calls; every given field must match (method case-insensitively). */
export interface CallFilter {
  method?: string;
  route?: string;
  memberGuid?: string;
  userGuid?: string;
  faulted?: boolean;
  dialect?: "atrium" | "platform";
}

/** The recorder's API as exposed on `Sandbox.calls`. */
export interface CallRecorder {
  /** Recorded calls, oldest first. */
  list(filter?: CallFilter): RecordedCall[];
  count(filter?: CallFilter): number;
  reset(): void;
}

/** Route label recorded for paths that match no route. */
export const UNMATCHED_ROUTE = "(unmatched)";
/** Default capacity: the oldest calls are dropped beyond it, so long runs do not grow memory. */
export const DEFAULT_CALL_CAPACITY = 100_000;

function matches(call: RecordedCall, filter: CallFilter): boolean {
  return (
    (filter.method === undefined || filter.method.toUpperCase() === call.method) &&
    (filter.route === undefined || filter.route === call.route) &&
    (filter.memberGuid === undefined || filter.memberGuid === call.memberGuid) &&
    (filter.userGuid === undefined || filter.userGuid === call.userGuid) &&
    (filter.faulted === undefined || filter.faulted === call.faulted) &&
    (filter.dialect === undefined || filter.dialect === call.dialect)
  );
}

/** A bounded ring buffer of calls. */
export class RingCallRecorder implements CallRecorder {
  private readonly buffer: Array<RecordedCall | undefined>;
  private start = 0;
  private size = 0;

  /** @param capacity most calls kept (default 100,000). */
  constructor(readonly capacity = DEFAULT_CALL_CAPACITY) {
    this.buffer = new Array<RecordedCall | undefined>(capacity);
  }

  record(call: RecordedCall): void {
    const index = (this.start + this.size) % this.capacity;
    this.buffer[index] = call;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    const out: RecordedCall[] = [];
    for (let i = 0; i < this.size; i++) {
      const call = this.buffer[(this.start + i) % this.capacity];
      if (call !== undefined && matches(call, filter)) out.push({ ...call });
    }
    return out;
  }

  count(filter: CallFilter = {}): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const call = this.buffer[(this.start + i) % this.capacity];
      if (call !== undefined && matches(call, filter)) n++;
    }
    return n;
  }

  reset(): void {
    this.buffer.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
