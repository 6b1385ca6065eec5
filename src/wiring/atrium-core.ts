/**
 * What every transport shares: the upstream client and API, the coordination
 * (in-process or Redis), the member-status poller and a data source per viewer.
 */
import type { Config } from "../config.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Upstream } from "../upstream.js";
import type { Viewer } from "../auth/viewer.js";
import { AtriumClient } from "../datasources/atrium-client.js";
import { dialectFor } from "../datasources/dialects/index.js";
import { AtriumApi } from "../datasources/atrium-api.js";
import { operationScope } from "../datasources/upstream-scope.js";
import { AtriumDataSource } from "../datasources/atrium-data-source.js";
import { MemberStatusPoller } from "../subscriptions/index.js";
import { createCoordination, type Coordination } from "../scale-out/create-coordination.js";

export interface AtriumCore {
  client: AtriumClient;
  api: AtriumApi;
  coordination: Coordination;
  poller: MemberStatusPoller;
  /** A mutation changed the member's job: live watchers poll now (on whichever instance polls it). */
  onMemberChanged: (userGuid: string, memberGuid: string) => void;
  dataSourceFor: (viewer: Viewer) => AtriumDataSource;
}

function createClient(config: Config, upstream: Upstream, metrics: Metrics, logger: Logger): AtriumClient {
  const u = config.upstream;
  return new AtriumClient({
    baseUrl: upstream.baseUrl,
    apiKey: upstream.apiKey,
    clientId: upstream.clientId,
    dialect: dialectFor(config.atrium.api),
    timeoutMs: config.atrium.timeoutMs,
    maxRetries: config.atrium.maxRetries,
    maxSockets: 256,
    maxBodyBytes: config.atrium.maxBodyBytes,
    guards: {
      deadlineMs: u.deadlineMs,
      retryBudget: { ratio: u.retryBudget, minPerSecond: u.retryMinPerSecond },
      breaker: { failures: u.breakerFailures, halfOpenAfterMs: u.breakerCooldownMs },
      notFoundTtlMs: u.notFoundTtlMs,
      perUser: { concurrency: u.userConcurrency, ratePerSecond: u.userRatePerSecond, burst: u.userBurst },
    },
    metrics,
    logger: logger.child({ component: "atrium-client" }),
  });
}

export async function createAtriumCore(
  config: Config,
  upstream: Upstream,
  metrics: Metrics,
  logger: Logger,
): Promise<AtriumCore> {
  const client = createClient(config, upstream, metrics, logger);
  const api = new AtriumApi(client, logger.child({ component: "atrium-api" }));
  const coordination = await createCoordination({
    redisUrl: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    pollIntervalMs: config.poll.intervalMs,
    leaseMs: config.poll.leaseMs,
    mfaLockMs: config.mfa.lockLeaseMs,
    logger: logger.child({ component: "scale-out" }),
  });
  const poller = new MemberStatusPoller({
    source: api,
    bus: coordination.bus,
    ownership: coordination.ownership,
    nudges: coordination.nudges,
    intervalMs: config.poll.intervalMs,
    idleIntervalMs: config.poll.idleIntervalMs,
    logger: logger.child({ component: "member-status-poller" }),
    metrics: metrics.pollerMetrics(),
  });
  const onMemberChanged = (userGuid: string, memberGuid: string): void => poller.nudge(userGuid, memberGuid);
  const { mfaGate } = coordination;
  const dataSourceFor = (viewer: Viewer): AtriumDataSource =>
    new AtriumDataSource(viewer.userGuid, {
      // Made when the operation starts: its upstream deadline runs from here.
      api: api.within(operationScope(config.upstream.deadlineMs, viewer.userGuid)),
      mfaGate,
      mfaInDoubtMs: config.mfa.inDoubtMs,
      onMemberChanged,
    });
  return { client, api, coordination, poller, onMemberChanged, dataSourceFor };
}

/** Closes what the core opened, in order: the poller first (its loops release their leases), then Redis. */
export async function closeAtriumCore(core: AtriumCore): Promise<void> {
  await core.poller.close();
  await core.coordination.close();
  core.client.close();
}
