/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Atrium's MFA challenge types, as the upstream API spells them. */
export const ChallengeType = {
  ImageData: 'IMAGE_DATA',
  ImageOptions: 'IMAGE_OPTIONS',
  Options: 'OPTIONS',
  Text: 'TEXT',
  Token: 'TOKEN'
} as const;

export type ChallengeType = typeof ChallengeType[keyof typeof ChallengeType];
/** Atrium's member connection status, as the upstream API spells it. */
export const ConnectionStatus = {
  Challenged: 'CHALLENGED',
  Closed: 'CLOSED',
  Connected: 'CONNECTED',
  Created: 'CREATED',
  Degraded: 'DEGRADED',
  Delayed: 'DELAYED',
  Denied: 'DENIED',
  Disabled: 'DISABLED',
  Disconnected: 'DISCONNECTED',
  Discontinued: 'DISCONTINUED',
  Expired: 'EXPIRED',
  Failed: 'FAILED',
  Impaired: 'IMPAIRED',
  Impeded: 'IMPEDED',
  Imported: 'IMPORTED',
  Locked: 'LOCKED',
  Pending: 'PENDING',
  Prevented: 'PREVENTED',
  Reconnected: 'RECONNECTED',
  Rejected: 'REJECTED',
  Resumed: 'RESUMED',
  Updated: 'UPDATED'
} as const;

export type ConnectionStatus = typeof ConnectionStatus[keyof typeof ConnectionStatus];
export type MfaAnswerInput = {
  challengeGuid: string | number;
  value: string;
};

export type AnswerMfaMutationVariables = Exact<{
  memberGuid: string | number;
  answers: Array<MfaAnswerInput> | MfaAnswerInput;
}>;


export type AnswerMfaMutation = { answerMfa: { member: { guid: string, connectionStatus: ConnectionStatus, isBeingAggregated: boolean } } };

export type IdentifyMemberMutationVariables = Exact<{
  memberGuid: string | number;
  includeTransactions?: boolean | null | undefined;
}>;


export type IdentifyMemberMutation = { identifyMember: { alreadyRunning: boolean, member: { guid: string, connectionStatus: ConnectionStatus, isBeingAggregated: boolean } } };

export type MemberResultsQueryVariables = Exact<{
  memberGuid: string | number;
  withTransactions: boolean;
}>;


export type MemberResultsQuery = { member: { guid: string, connectionStatus: ConnectionStatus, accounts: Array<{ guid: string, name: string | null, type: string | null, owners: Array<{ guid: string, ownerName: string | null, email: string | null, city: string | null, state: string | null }>, accountNumbers: Array<{ guid: string | null, accountNumber: string | null, routingNumber: string | null }>, transactions?: { nodes: Array<{ guid: string, date: string | null, description: string | null, amount: number }>, pageInfo: { totalEntries: number } } }> } | null };

export type MemberStatusSubscriptionVariables = Exact<{
  memberGuid: string | number;
}>;


export type MemberStatusSubscription = { memberStatus: { memberGuid: string, connectionStatus: ConnectionStatus, isBeingAggregated: boolean, isFinal: boolean, needsUserAction: boolean, userMessage: string | null, challenges: Array<{ guid: string, type: ChallengeType, label: string | null, imageData: string | null, options: Array<{ label: string, value: string }>, imageOptions: Array<{ label: string, value: string, dataUri: string | null }> }> } };

export type MembersQueryVariables = Exact<{ [key: string]: never; }>;


export type MembersQuery = { members: Array<{ guid: string, name: string | null, identifier: string | null, institutionCode: string, connectionStatus: ConnectionStatus, isBeingAggregated: boolean }> };


export const AnswerMfaDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AnswerMfa"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"answers"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MfaAnswerInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerMfa"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"memberGuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"answers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"answers"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isBeingAggregated"}}]}}]}}]}}]} as unknown as DocumentNode<AnswerMfaMutation, AnswerMfaMutationVariables>;
export const IdentifyMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentifyMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeTransactions"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identifyMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"memberGuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeTransactions"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeTransactions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alreadyRunning"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isBeingAggregated"}}]}}]}}]}}]} as unknown as DocumentNode<IdentifyMemberMutation, IdentifyMemberMutationVariables>;
export const MemberResultsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MemberResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withTransactions"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"guid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"accounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"accountNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumber"}},{"kind":"Field","name":{"kind":"Name","value":"routingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"perPage"},"value":{"kind":"IntValue","value":"5"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withTransactions"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalEntries"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberResultsQuery, MemberResultsQueryVariables>;
export const MemberStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MemberStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memberStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"memberGuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberGuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memberGuid"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isBeingAggregated"}},{"kind":"Field","name":{"kind":"Name","value":"isFinal"}},{"kind":"Field","name":{"kind":"Name","value":"needsUserAction"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}},{"kind":"Field","name":{"kind":"Name","value":"challenges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"imageData"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"imageOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"dataUri"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberStatusSubscription, MemberStatusSubscriptionVariables>;
export const MembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"institutionCode"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isBeingAggregated"}}]}}]}}]} as unknown as DocumentNode<MembersQuery, MembersQueryVariables>;