/** The peers of the gateway comparison, each started in its own process in front of the sandbox. */
import { startGatewayScript, type Proc } from "../processes.js";

export interface Peer {
  name: string;
  start(sandboxUrl: string): Promise<Proc & { url: string }>;
}

export const PEERS: Peer[] = [
  {
    name: "Apollo Server + @apollo/datasource-rest",
    start: (sandboxUrl) =>
      startGatewayScript("peers/apollo-rest-gateway.js", sandboxUrl, {
        readyPath: "/?query=%7B__typename%7D",
        readyHeaders: { "apollo-require-preflight": "1" },
      }),
  },
];
