/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AnswerMfa($memberGuid: ID!, $answers: [MfaAnswerInput!]!) {\n  answerMfa(memberGuid: $memberGuid, answers: $answers) {\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n": typeof types.AnswerMfaDocument,
    "mutation IdentifyMember($memberGuid: ID!, $includeTransactions: Boolean) {\n  identifyMember(memberGuid: $memberGuid, includeTransactions: $includeTransactions) {\n    alreadyRunning\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n": typeof types.IdentifyMemberDocument,
    "query MemberResults($memberGuid: ID!, $withTransactions: Boolean!) {\n  member(guid: $memberGuid) {\n    guid\n    connectionStatus\n    accounts {\n      guid\n      name\n      type\n      owners {\n        guid\n        ownerName\n        email\n        city\n        state\n      }\n      accountNumbers {\n        guid\n        accountNumber\n        routingNumber\n      }\n      transactions(perPage: 5) @include(if: $withTransactions) {\n        nodes {\n          guid\n          date\n          description\n          amount\n        }\n        pageInfo {\n          totalEntries\n        }\n      }\n    }\n  }\n}\n": typeof types.MemberResultsDocument,
    "subscription MemberStatus($memberGuid: ID!) {\n  memberStatus(memberGuid: $memberGuid) {\n    memberGuid\n    connectionStatus\n    isBeingAggregated\n    isFinal\n    needsUserAction\n    userMessage\n    challenges {\n      guid\n      type\n      label\n      imageData\n      options {\n        label\n        value\n      }\n      imageOptions {\n        label\n        value\n        dataUri\n      }\n    }\n  }\n}\n": typeof types.MemberStatusDocument,
    "query Members {\n  members {\n    guid\n    name\n    identifier\n    institutionCode\n    connectionStatus\n    isBeingAggregated\n  }\n}\n": typeof types.MembersDocument,
};
const documents: Documents = {
    "mutation AnswerMfa($memberGuid: ID!, $answers: [MfaAnswerInput!]!) {\n  answerMfa(memberGuid: $memberGuid, answers: $answers) {\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n": types.AnswerMfaDocument,
    "mutation IdentifyMember($memberGuid: ID!, $includeTransactions: Boolean) {\n  identifyMember(memberGuid: $memberGuid, includeTransactions: $includeTransactions) {\n    alreadyRunning\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n": types.IdentifyMemberDocument,
    "query MemberResults($memberGuid: ID!, $withTransactions: Boolean!) {\n  member(guid: $memberGuid) {\n    guid\n    connectionStatus\n    accounts {\n      guid\n      name\n      type\n      owners {\n        guid\n        ownerName\n        email\n        city\n        state\n      }\n      accountNumbers {\n        guid\n        accountNumber\n        routingNumber\n      }\n      transactions(perPage: 5) @include(if: $withTransactions) {\n        nodes {\n          guid\n          date\n          description\n          amount\n        }\n        pageInfo {\n          totalEntries\n        }\n      }\n    }\n  }\n}\n": types.MemberResultsDocument,
    "subscription MemberStatus($memberGuid: ID!) {\n  memberStatus(memberGuid: $memberGuid) {\n    memberGuid\n    connectionStatus\n    isBeingAggregated\n    isFinal\n    needsUserAction\n    userMessage\n    challenges {\n      guid\n      type\n      label\n      imageData\n      options {\n        label\n        value\n      }\n      imageOptions {\n        label\n        value\n        dataUri\n      }\n    }\n  }\n}\n": types.MemberStatusDocument,
    "query Members {\n  members {\n    guid\n    name\n    identifier\n    institutionCode\n    connectionStatus\n    isBeingAggregated\n  }\n}\n": types.MembersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AnswerMfa($memberGuid: ID!, $answers: [MfaAnswerInput!]!) {\n  answerMfa(memberGuid: $memberGuid, answers: $answers) {\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n"): (typeof documents)["mutation AnswerMfa($memberGuid: ID!, $answers: [MfaAnswerInput!]!) {\n  answerMfa(memberGuid: $memberGuid, answers: $answers) {\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IdentifyMember($memberGuid: ID!, $includeTransactions: Boolean) {\n  identifyMember(memberGuid: $memberGuid, includeTransactions: $includeTransactions) {\n    alreadyRunning\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n"): (typeof documents)["mutation IdentifyMember($memberGuid: ID!, $includeTransactions: Boolean) {\n  identifyMember(memberGuid: $memberGuid, includeTransactions: $includeTransactions) {\n    alreadyRunning\n    member {\n      guid\n      connectionStatus\n      isBeingAggregated\n    }\n  }\n}\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MemberResults($memberGuid: ID!, $withTransactions: Boolean!) {\n  member(guid: $memberGuid) {\n    guid\n    connectionStatus\n    accounts {\n      guid\n      name\n      type\n      owners {\n        guid\n        ownerName\n        email\n        city\n        state\n      }\n      accountNumbers {\n        guid\n        accountNumber\n        routingNumber\n      }\n      transactions(perPage: 5) @include(if: $withTransactions) {\n        nodes {\n          guid\n          date\n          description\n          amount\n        }\n        pageInfo {\n          totalEntries\n        }\n      }\n    }\n  }\n}\n"): (typeof documents)["query MemberResults($memberGuid: ID!, $withTransactions: Boolean!) {\n  member(guid: $memberGuid) {\n    guid\n    connectionStatus\n    accounts {\n      guid\n      name\n      type\n      owners {\n        guid\n        ownerName\n        email\n        city\n        state\n      }\n      accountNumbers {\n        guid\n        accountNumber\n        routingNumber\n      }\n      transactions(perPage: 5) @include(if: $withTransactions) {\n        nodes {\n          guid\n          date\n          description\n          amount\n        }\n        pageInfo {\n          totalEntries\n        }\n      }\n    }\n  }\n}\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription MemberStatus($memberGuid: ID!) {\n  memberStatus(memberGuid: $memberGuid) {\n    memberGuid\n    connectionStatus\n    isBeingAggregated\n    isFinal\n    needsUserAction\n    userMessage\n    challenges {\n      guid\n      type\n      label\n      imageData\n      options {\n        label\n        value\n      }\n      imageOptions {\n        label\n        value\n        dataUri\n      }\n    }\n  }\n}\n"): (typeof documents)["subscription MemberStatus($memberGuid: ID!) {\n  memberStatus(memberGuid: $memberGuid) {\n    memberGuid\n    connectionStatus\n    isBeingAggregated\n    isFinal\n    needsUserAction\n    userMessage\n    challenges {\n      guid\n      type\n      label\n      imageData\n      options {\n        label\n        value\n      }\n      imageOptions {\n        label\n        value\n        dataUri\n      }\n    }\n  }\n}\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Members {\n  members {\n    guid\n    name\n    identifier\n    institutionCode\n    connectionStatus\n    isBeingAggregated\n  }\n}\n"): (typeof documents)["query Members {\n  members {\n    guid\n    name\n    identifier\n    institutionCode\n    connectionStatus\n    isBeingAggregated\n  }\n}\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;