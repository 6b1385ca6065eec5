// The Atrium API route table (ATRIUM.md "Resources and endpoints"). Templates double as the route
// names the call recorder and fault rules use.
import type { RouteDefinition } from "../router.js";
import type { RouteHandler } from "./context.js";
import { listInstitutions, readInstitution, readInstitutionCredentials } from "./institutions.js";
import {
  listAccountAccountNumbers,
  listAccountOwners,
  listAccounts,
  listMemberAccountNumbers,
  listTransactions,
} from "./member-data.js";
import {
  aggregateMember,
  extendHistory,
  identifyMember,
  listChallenges,
  readMemberStatus,
  resumeMember,
  verifyMember,
} from "./member-jobs.js";
import { createMember, listMembers, readMember } from "./members.js";
import { createUser, listUsers, readUser } from "./users.js";

const MEMBER = "/users/:user_guid/members/:member_guid";

/** Every API route. */
export const ATRIUM_ROUTES: ReadonlyArray<RouteDefinition<RouteHandler>> = [
  { method: "POST", template: "/users", handler: createUser },
  { method: "GET", template: "/users", handler: listUsers },
  { method: "GET", template: "/users/:user_guid", handler: readUser },
  { method: "GET", template: "/institutions", handler: listInstitutions },
  { method: "GET", template: "/institutions/:institution_code", handler: readInstitution },
  {
    method: "GET",
    template: "/institutions/:institution_code/credentials",
    handler: readInstitutionCredentials,
  },
  { method: "POST", template: "/users/:user_guid/members", handler: createMember },
  { method: "GET", template: "/users/:user_guid/members", handler: listMembers },
  { method: "GET", template: MEMBER, handler: readMember },
  { method: "POST", template: `${MEMBER}/aggregate`, handler: aggregateMember },
  { method: "POST", template: `${MEMBER}/identify`, handler: identifyMember },
  { method: "POST", template: `${MEMBER}/verify`, handler: verifyMember },
  { method: "POST", template: `${MEMBER}/extend_history`, handler: extendHistory },
  { method: "GET", template: `${MEMBER}/status`, handler: readMemberStatus },
  { method: "GET", template: `${MEMBER}/challenges`, handler: listChallenges },
  { method: "PUT", template: `${MEMBER}/resume`, handler: resumeMember },
  { method: "GET", template: `${MEMBER}/accounts`, handler: listAccounts },
  { method: "GET", template: `${MEMBER}/transactions`, handler: listTransactions },
  { method: "GET", template: `${MEMBER}/account_numbers`, handler: listMemberAccountNumbers },
  { method: "GET", template: `${MEMBER}/account_owners`, handler: listAccountOwners },
  {
    method: "GET",
    template: "/users/:user_guid/accounts/:account_guid/account_numbers",
    handler: listAccountAccountNumbers,
  },
];
