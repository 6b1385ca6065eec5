/**
 * What a `member`/`members` selection will read upstream, worked out before the
 * executor gets there, so every read that needs only the member guid starts at
 * once (DESIGN.md "One round trip where the data allows it"). The plan names
 * upstream resources; the data source maps them onto its loaders, so a started
 * read is the same cached load the field resolver later awaits.
 */
import { getArgumentValues, isObjectType, type FieldNode, type GraphQLResolveInfo } from "graphql";
import type { MemberReadPlan } from "../datasources/atrium-data-source.js";
import { scopeOf, selectedFields, subSelections, type SelectionScope } from "../graphql/selected-fields.js";
import { checkPaging } from "./input-checks.js";

export function memberReadPlan(info: GraphQLResolveInfo): MemberReadPlan {
  const scope = scopeOf(info);
  const member = selectedFields(subSelections(info.fieldNodes), "Member", scope);
  const account = selectedFields(subSelections(member.get("accounts")), "Account", scope);
  return {
    accounts: member.has("accounts"),
    accountNumbers: member.has("accountNumbers") || account.has("accountNumbers"),
    accountOwners: member.has("accountOwners") || account.has("owners"),
    challenges: member.has("challenges"),
    status: member.has("memberStatus"),
    allTransactions: account.has("transactions"),
    transactionPages: transactionPages(info, member.get("transactions"), scope),
  };
}

/** The pages `Member.transactions` asks for; invalid paging is left to the resolver's error. */
function transactionPages(
  info: GraphQLResolveInfo,
  nodes: FieldNode[] | undefined,
  scope: SelectionScope,
): MemberReadPlan["transactionPages"] {
  const memberType = info.schema.getType("Member");
  const field = isObjectType(memberType) ? memberType.getFields()["transactions"] : undefined;
  if (!nodes || !field) return [];
  const pages: Array<{ page: number; perPage: number }> = [];
  for (const node of nodes) {
    try {
      const args = getArgumentValues(field, node, scope.variableValues);
      pages.push(checkPaging(args["page"] as number | null, args["perPage"] as number | null));
    } catch {
      // A bad argument fails in the field resolver, with no upstream call.
    }
  }
  return pages;
}
