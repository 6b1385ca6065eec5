// The Atrium API route table (ATRIUM.md "Resources and endpoints"). Templates double as the route
// names the call recorder and fault rules use.
import { UPSTREAM_ROUTES } from "../../domain/upstream-routes.js";
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

const R = UPSTREAM_ROUTES;

/** Every API route. */
export const ATRIUM_ROUTES: ReadonlyArray<RouteDefinition<RouteHandler>> = [
  { method: "POST", template: R.users, handler: createUser },
  { method: "GET", template: R.users, handler: listUsers },
  { method: "GET", template: R.user, handler: readUser },
  { method: "GET", template: R.institutions, handler: listInstitutions },
  { method: "GET", template: R.institution, handler: readInstitution },
  {
    method: "GET",
    template: R.institutionCredentials,
    handler: readInstitutionCredentials,
  },
  { method: "POST", template: R.members, handler: createMember },
  { method: "GET", template: R.members, handler: listMembers },
  { method: "GET", template: R.member, handler: readMember },
  { method: "POST", template: R.aggregate, handler: aggregateMember },
  { method: "POST", template: R.identify, handler: identifyMember },
  { method: "POST", template: R.verify, handler: verifyMember },
  { method: "POST", template: R.extendHistory, handler: extendHistory },
  { method: "GET", template: R.status, handler: readMemberStatus },
  { method: "GET", template: R.challenges, handler: listChallenges },
  { method: "PUT", template: R.resume, handler: resumeMember },
  { method: "GET", template: R.accounts, handler: listAccounts },
  { method: "GET", template: R.transactions, handler: listTransactions },
  { method: "GET", template: R.memberAccountNumbers, handler: listMemberAccountNumbers },
  { method: "GET", template: R.accountOwners, handler: listAccountOwners },
  {
    method: "GET",
    template: R.accountAccountNumbers,
    handler: listAccountAccountNumbers,
  },
];
