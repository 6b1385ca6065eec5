/**
 * Development: Apollo Sandbox, pre-filled with an example operation and the demo
 * token's Authorization header. Production: Apollo's production page.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import { withGraphiqlFallback } from "./explorer-fallback.js";

export const EXAMPLE_OPERATION = `query Members {
  members {
    guid
    name
    connectionStatus
    isBeingAggregated
    accounts {
      name
      owners { ownerName email }
      accountNumbers { accountNumber routingNumber }
    }
  }
}
`;

export function landingPagePlugin(options: {
  production: boolean;
  demoToken?: string | undefined;
}): ApolloServerPlugin {
  if (options.production) return ApolloServerPluginLandingPageProductionDefault({ footer: false });
  const sharedHeaders = options.demoToken ? { Authorization: `Bearer ${options.demoToken}` } : undefined;
  return withGraphiqlFallback(
    ApolloServerPluginLandingPageLocalDefault({
      footer: false,
      includeCookies: false,
      document: EXAMPLE_OPERATION,
      embed: { initialState: { sharedHeaders, pollForSchemaUpdates: false }, endpointIsEditable: false },
    }),
  );
}
