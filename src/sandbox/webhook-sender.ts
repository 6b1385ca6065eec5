// MX's Platform API webhooks, as MX's integration environment sends them (PLATFORM.md "Webhooks"):
// when a member's connection status or aggregation flag changes, a MEMBER webhook; when it enters an
// end-user-actionable status, a CONNECTION_STATUS webhook too. HTTPS POST of a JSON body to the
// configured URL with the HTTP Basic credentials the partner gave MX; one attempt, no retries (MX
// retries over hours; the sandbox's receivers are tests and the local server).
import { CONNECTION_STATUSES } from "./connection-statuses.js";
import { connectionStatusMessage } from "./platform-shapes.js";
import type { MemberRecord, SandboxStore } from "./store.js";

/** Where to deliver, and the Basic credentials to send. */
export interface WebhookTarget {
  url: string;
  username: string;
  password: string;
}

/** One delivery attempt. */
export interface WebhookDelivery {
  type: "MEMBER" | "CONNECTION_STATUS";
  memberGuid: string;
  connectionStatus: string;
  /** `Date.now()` when it was sent. */
  sentAt: number;
  /** The receiver's answer status; 0 = no answer (network error, timeout). */
  status: number;
}

/** The statuses that fire CONNECTION_STATUS (docs: resources/webhooks/connection-status). */
const ACTIONABLE = new Set([
  "CHALLENGED",
  "DENIED",
  "EXPIRED",
  "IMPAIRED",
  "IMPEDED",
  "LOCKED",
  "PREVENTED",
  "REJECTED",
]);
const DELIVERY_TIMEOUT_MS = 5000;
/** Deliveries kept for `deliveries()`; the oldest are dropped beyond it. */
const MAX_KEPT = 10_000;

const unixSeconds = (iso: string | null): number | null => (iso ? Math.floor(Date.parse(iso) / 1000) : null);

export class WebhookSender {
  private target: WebhookTarget | undefined;
  /** Last notified `connection_status|is_being_aggregated` per member: only changes fire. */
  private readonly notified = new Map<string, string>();
  private readonly sent: WebhookDelivery[] = [];
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly store: SandboxStore) {}

  setTarget(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  deliveries(): WebhookDelivery[] {
    return this.sent.map((d) => ({ ...d }));
  }

  reset(): void {
    this.sent.length = 0;
  }

  /** Called after anything that may have changed a member; fires only on a real change. */
  memberChanged(record: MemberRecord): void {
    const m = record.member;
    const state = `${m.connection_status}|${m.is_being_aggregated}`;
    if (this.notified.get(m.guid) === state) return;
    const first = !this.notified.has(m.guid);
    this.notified.set(m.guid, state);
    // A member seen for the first time is a baseline, not a change (seeded and idle members).
    if (first && !m.is_being_aggregated && m.connection_status === "CREATED") return;
    const target = this.target;
    if (target === undefined) return;
    this.send(target, "MEMBER", m.guid, m.connection_status, this.memberBody(record));
    if (ACTIONABLE.has(m.connection_status)) {
      this.send(target, "CONNECTION_STATUS", m.guid, m.connection_status, {
        action: "CHANGED",
        connection_status: m.connection_status,
        connection_status_id: CONNECTION_STATUSES.indexOf(m.connection_status),
        connection_status_message: connectionStatusMessage(m.connection_status),
        member_guid: m.guid,
        type: "CONNECTION_STATUS",
        user_guid: m.user_guid,
      });
    }
  }

  /** Aborts deliveries in flight (sandbox close). */
  close(): void {
    this.target = undefined;
    for (const controller of this.inFlight) controller.abort();
  }

  private memberBody(record: MemberRecord): Record<string, unknown> {
    const m = record.member;
    return {
      action: "UPDATED",
      aggregated_at: unixSeconds(m.aggregated_at),
      connection_status: m.connection_status,
      connection_status_id: CONNECTION_STATUSES.indexOf(m.connection_status),
      connection_status_message: connectionStatusMessage(m.connection_status),
      guid: m.guid,
      id: m.identifier,
      institution_code: m.institution_code,
      is_being_aggregated: m.is_being_aggregated,
      is_oauth: m.is_oauth,
      metadata: m.metadata,
      name: m.name,
      successfully_aggregated_at: unixSeconds(m.successfully_aggregated_at),
      type: "MEMBER",
      user_guid: m.user_guid,
      user_id: this.store.findUser(m.user_guid)?.identifier ?? null,
    };
  }

  private send(
    target: WebhookTarget,
    type: WebhookDelivery["type"],
    memberGuid: string,
    connectionStatus: string,
    body: Record<string, unknown>,
  ): void {
    const delivery: WebhookDelivery = { type, memberGuid, connectionStatus, sentAt: Date.now(), status: 0 };
    this.sent.push(delivery);
    if (this.sent.length > MAX_KEPT) this.sent.shift();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
    const basic = Buffer.from(`${target.username}:${target.password}`).toString("base64");
    fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Basic ${basic}` },
      body: JSON.stringify(body),
      signal: controller.signal,
    })
      .then(async (res) => {
        delivery.status = res.status;
        await res.arrayBuffer();
      })
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        this.inFlight.delete(controller);
      });
  }
}
