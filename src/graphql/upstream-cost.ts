/**
 * The cost of an operation in upstream calls: the most Atrium requests it can
 * cause, counted before execution.
 *
 * What is scarce is Atrium's capacity on our one API key, not the number of
 * objects in an answer. Every read goes through a per-operation DataLoader
 * (AtriumDataSource), so a field costs one call per distinct loader key it can
 * touch, however many aliases, fragments or accounts ask for it: `accounts {
 * owners }` is one `account_owners` call whether a member has 1 account or 50.
 *
 *   field                                   loader key (ref = the member it belongs to)
 *   Query.members                           members (its items: refs of a list, × MAX_MEMBERS_PER_USER)
 *   Query.member(guid)                      member:guid
 *   Query.institution(code) / Member.institution   institution:code / institution:ref
 *   Member.accounts                         accounts:ref
 *   Member.accountOwners, Account.owners    accountOwners:ref
 *   Member.accountNumbers, Account.accountNumbers  accountNumbers:ref
 *   Member.challenges                       challenges:ref
 *   Member.memberStatus                     status:ref + challenges:ref
 *   Member.transactions(page, perPage)      transactionPage:ref|page|perPage (its upstream pages)
 *   Account.transactions                    allTransactions:ref
 *   Mutation.identifyMember                 identify:guid (the payload's member comes with it)
 *   Mutation.answerMfa                      member:guid + pendingChallenges:guid + resume:guid
 *   Subscription.memberStatus               status:guid + challenges:guid (the shared poller's)
 *
 * Member-level lists are read at LIST_PAGE_SIZE records a page and counted as
 * one page; `extensions.cost` reports the figure to the client.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  getNamedType,
  isObjectType,
  valueFromAST,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** Atrium refuses a user's 26th member (405), so a `members` list has at most 25 items. */
export const MAX_MEMBERS_PER_USER = 25;
/** Records per upstream page (ATRIUM.md "Transport"): a larger `perPage` costs more pages. */
export const UPSTREAM_PAGE_SIZE = 1000;

/** The member a selection belongs to: a known guid, or any item of the `members` list. */
type MemberRef = { guid: string; inList: boolean };
type Variables = Record<string, unknown>;

interface Walk {
  schema: GraphQLSchema;
  variables: Variables;
  fragments: Map<string, FragmentDefinitionNode>;
  /** loader key → upstream requests it costs (times the list size when under `members`). */
  keys: Map<string, number>;
  /** For arguments that cannot be read (bad variables): each field node its own key. */
  anonymous: number;
}

type FieldRule = (
  walk: Walk,
  field: FieldNode,
  def: GraphQLField<unknown, unknown>,
  ref?: MemberRef,
) => MemberRef | undefined;

const touch = (walk: Walk, key: string, ref: MemberRef | undefined, requests = 1): void => {
  const weight = ref?.inList ? requests * MAX_MEMBERS_PER_USER : requests;
  walk.keys.set(key, Math.max(walk.keys.get(key) ?? 0, weight));
};

const refKey = (ref: MemberRef | undefined): string => (ref ? (ref.inList ? "*" : ref.guid) : "?");

/** A touch of `resource` for the member the field belongs to. */
const memberResource =
  (...resources: string[]): FieldRule =>
  (walk, _field, _def, ref) => {
    for (const resource of resources) touch(walk, `${resource}:${refKey(ref)}`, ref);
    return ref;
  };

/** Keeps the member of the parent for the child selection, touching nothing. */
const sameMember: FieldRule = (_walk, _field, _def, ref) => ref;

const FIELD_RULES: Record<string, FieldRule> = {
  "Query.members": (walk) => {
    touch(walk, "members", undefined);
    return { guid: "*", inList: true };
  },
  "Query.member": (walk, field, def) => {
    const guid = stringArg(walk, field, def, "guid");
    touch(walk, `member:${guid}`, undefined);
    return { guid, inList: false };
  },
  "Query.institution": (walk, field, def) => {
    touch(walk, `institution:${stringArg(walk, field, def, "code")}`, undefined);
    return undefined;
  },
  "Mutation.identifyMember": (walk, field, def) => {
    const guid = stringArg(walk, field, def, "memberGuid");
    touch(walk, `identify:${guid}`, undefined);
    return { guid, inList: false };
  },
  "Mutation.answerMfa": (walk, field, def) => {
    const guid = stringArg(walk, field, def, "memberGuid");
    for (const resource of ["member", "pendingChallenges", "resume"])
      touch(walk, `${resource}:${guid}`, undefined);
    return { guid, inList: false };
  },
  "Subscription.memberStatus": (walk, field, def) => {
    const guid = stringArg(walk, field, def, "memberGuid");
    for (const resource of ["status", "challenges"]) touch(walk, `${resource}:${guid}`, undefined);
    return { guid, inList: false };
  },
  "IdentifyMemberPayload.member": sameMember,
  "AnswerMfaPayload.member": sameMember,
  "Member.institution": memberResource("institution"),
  "Member.accounts": memberResource("accounts"),
  "Member.accountOwners": memberResource("accountOwners"),
  "Member.accountNumbers": memberResource("accountNumbers"),
  "Member.challenges": memberResource("challenges"),
  "Member.memberStatus": memberResource("status", "challenges"),
  "Member.transactions": (walk, field, def, ref) => {
    const page = numberArg(walk, field, def, "page");
    const perPage = numberArg(walk, field, def, "perPage");
    const pages = typeof perPage === "number" ? Math.max(1, Math.ceil(perPage / UPSTREAM_PAGE_SIZE)) : 1;
    touch(walk, `transactionPage:${refKey(ref)}|${String(page)}|${String(perPage)}`, ref, pages);
    return ref;
  },
  "Account.owners": memberResource("accountOwners"),
  "Account.accountNumbers": memberResource("accountNumbers"),
  "Account.transactions": memberResource("allTransactions"),
};

function argumentValue(
  walk: Walk,
  field: FieldNode,
  def: GraphQLField<unknown, unknown>,
  name: string,
): unknown {
  const argDef = def.args.find((a) => a.name === name);
  const node: ArgumentNode | undefined = field.arguments?.find((a) => a.name.value === name);
  if (!argDef) return undefined;
  if (!node) return argDef.defaultValue;
  return valueFromAST(node.value, argDef.type, walk.variables);
}

function stringArg(walk: Walk, field: FieldNode, def: GraphQLField<unknown, unknown>, name: string): string {
  const value = argumentValue(walk, field, def, name);
  return typeof value === "string" ? value : `?${walk.anonymous++}`;
}

function numberArg(
  walk: Walk,
  field: FieldNode,
  def: GraphQLField<unknown, unknown>,
  name: string,
): number | string {
  const value = argumentValue(walk, field, def, name);
  return typeof value === "number" ? value : `?${walk.anonymous++}`;
}

function included(walk: Walk, node: FieldNode | SelectionSetNode["selections"][number]): boolean {
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node, walk.variables);
  if (skip?.["if"] === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, walk.variables);
  return include?.["if"] !== false;
}

function walkSelections(
  walk: Walk,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  ref: MemberRef | undefined,
  fragmentsSeen: ReadonlySet<string>,
): void {
  for (const selection of set.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const def = type.getFields()[selection.name.value];
      if (!def) continue; // __typename, or a validation error reported elsewhere
      const rule = FIELD_RULES[`${type.name}.${def.name}`];
      const childRef = rule ? rule(walk, selection, def, ref) : ref;
      const childType = getNamedType(def.type);
      if (selection.selectionSet && isObjectType(childType)) {
        walkSelections(walk, childType, selection.selectionSet, childRef, fragmentsSeen);
      }
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // A fragment cycle is a validation error reported elsewhere; stop here.
        if (fragmentsSeen.has(selection.name.value)) continue;
        fragmentsSeen = new Set([...fragmentsSeen, selection.name.value]);
      }
      const condition = fragment.typeCondition
        ? walk.schema.getType(fragment.typeCondition.name.value)
        : type;
      if (isObjectType(condition)) walkSelections(walk, condition, fragment.selectionSet, ref, fragmentsSeen);
    }
  }
}

function selectOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * The most upstream requests the operation can cause, or undefined when it
 * cannot be measured (no such operation: validation reports that with its own code).
 */
export function upstreamCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables | undefined,
  operationName?: string | null,
): number | undefined {
  const operation = selectOperation(document, operationName);
  if (!operation) return undefined;
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const walk: Walk = {
    schema,
    variables: variables ?? {},
    fragments: new Map(),
    keys: new Map(),
    anonymous: 0,
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) walk.fragments.set(def.name.value, def);
  }
  walkSelections(walk, root, operation.selectionSet, undefined, new Set());
  let cost = 0;
  for (const weight of walk.keys.values()) cost += weight;
  return cost;
}
