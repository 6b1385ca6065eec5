/** The dialects by name, for configuration. */
import { atriumDialect } from "./atrium.js";
import { platformDialect } from "./platform.js";
import type { UpstreamApiName, UpstreamDialect } from "./upstream-dialect.js";

export type {
  AlreadyRunningRule,
  UpstreamApiName,
  UpstreamCredentials,
  UpstreamDialect,
} from "./upstream-dialect.js";
export { ATRIUM_ACCEPT, atriumDialect } from "./atrium.js";
export { PLATFORM_ACCEPT, PLATFORM_API_VERSION, platformDialect } from "./platform.js";

export { UPSTREAM_API_NAMES } from "../../domain/upstream-apis.js";

export function dialectFor(name: UpstreamApiName): UpstreamDialect {
  return name === "platform" ? platformDialect : atriumDialect;
}
