/** The peers of the gateway comparison, each started in its own process in front of the sandbox. */
import { startGatewayScript, type Proc } from "../processes.js";
import { HIVE_DIR, hiveBodies, startHiveGateway } from "./hive-gateway.js";

export interface Peer {
  name: string;
  start(sandboxUrl: string): Promise<Proc & { url: string }>;
  /** Request bodies in this peer's schema, when it is not ours (its answers are then not compared). */
  bodies?: (userGuid: string, memberGuid: string) => { nested: string; list: string };
}

const apolloRest: Peer = {
  name: "Apollo Server + @apollo/datasource-rest",
  start: (sandboxUrl) =>
    startGatewayScript("peers/apollo-rest-gateway.js", sandboxUrl, {
      readyPath: "/?query=%7B__typename%7D",
      readyHeaders: { "apollo-require-preflight": "1" },
    }),
};

const hiveDir = HIVE_DIR;
const hive: Peer[] = hiveDir
  ? [
      {
        name: "Hive Gateway + Mesh OpenAPI (no token check)",
        start: (sandboxUrl) => startHiveGateway(hiveDir, sandboxUrl),
        bodies: hiveBodies,
      },
    ]
  : [];

export const PEERS: Peer[] = [apolloRest, ...hive];
