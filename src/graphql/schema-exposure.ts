/**
 * What production hides of the schema on every transport (Apollo does this for
 * HTTP with `introspection: false` and `hideSchemaDetailsFromClientErrors`):
 * introspection is a validation error and "Did you mean …?" suggestions are
 * cut from messages, so field and type names cannot be enumerated by probing.
 */
import { NoSchemaIntrospectionCustomRule, specifiedRules, type ValidationRule } from "graphql";

/** The validation rules for a production or development server. */
export function validationRules(production: boolean): readonly ValidationRule[] {
  return production ? [...specifiedRules, NoSchemaIntrospectionCustomRule] : specifiedRules;
}

const SUGGESTION = / ?Did you mean .+\?$/;

/** The message without a trailing suggestion list (as Apollo's hideSchemaDetailsFromClientErrors). */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, "");
}
