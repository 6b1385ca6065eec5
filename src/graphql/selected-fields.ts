/**
 * The fields a selection asks for, as the executor will see them: named and
 * inline fragments expanded, `@skip`/`@include` honoured. Resolvers use it to
 * start upstream reads before the executor reaches the fields that need them.
 */
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type FragmentSpreadNode,
  type SelectionSetNode,
} from "graphql";

export interface SelectionScope {
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variableValues: Readonly<Record<string, unknown>>;
}

/** Field nodes by field name (aliases merged), for selections on `typeName`. */
export type SelectedFields = Map<string, FieldNode[]>;

export function scopeOf(info: GraphQLResolveInfo): SelectionScope {
  return { fragments: info.fragments, variableValues: info.variableValues };
}

function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, scope: SelectionScope): boolean {
  const variables = scope.variableValues as Record<string, unknown>;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.["if"] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.["if"] !== false;
}

/**
 * Collects the fields of `sets` (the selection sets of one field's nodes) on
 * object type `typeName`. A fragment on another type cannot apply to it and is
 * skipped; a fragment cycle (a validation error) is not followed.
 */
export function selectedFields(
  sets: ReadonlyArray<SelectionSetNode | undefined>,
  typeName: string,
  scope: SelectionScope,
): SelectedFields {
  const fields: SelectedFields = new Map();
  const visit = (set: SelectionSetNode, spreading: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (!included(selection, scope)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const list = fields.get(name);
        if (list) list.push(selection);
        else fields.set(name, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (on === undefined || on === typeName) visit(selection.selectionSet, spreading);
      } else {
        const name = selection.name.value;
        const fragment = scope.fragments[name];
        if (!fragment || spreading.has(name) || fragment.typeCondition.name.value !== typeName) continue;
        visit(fragment.selectionSet, new Set([...spreading, name]));
      }
    }
  };
  for (const set of sets) if (set) visit(set, new Set());
  return fields;
}

/** The selection sets of every node of a field (an empty list when it is absent). */
export function subSelections(nodes: readonly FieldNode[] | undefined): Array<SelectionSetNode | undefined> {
  return nodes ? nodes.map((node) => node.selectionSet) : [];
}
