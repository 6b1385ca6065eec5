// Reading fields of JSON bodies. Sandbox rule (ATRIUM.md gives only the codes' meanings): a required
// field that is absent answers 400 ("a required parameter was missing"); a field that is present with
// the wrong type or an unusable value answers 422 ("the data provided cannot be processed").
import { HttpError } from "../http-io.js";

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for JSON objects (not arrays, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A required object: 400 when absent/null, 422 when not an object. */
export function requiredObject(value: unknown, name: string): JsonObject {
  if (value === undefined || value === null) throw new HttpError(400, `${name} is required`);
  if (!isJsonObject(value)) throw new HttpError(422, `${name} must be an object`);
  return value;
}

/** An optional string (null allowed); 422 for other types. */
export function optionalString(object: JsonObject, key: string, where: string): string | null | undefined {
  const value = object[key];
  if (value === undefined || value === null || typeof value === "string") return value;
  throw new HttpError(422, `${where}.${key} must be a string`);
}

/** An optional boolean; 422 for other types. */
export function optionalBoolean(object: JsonObject, key: string, where: string): boolean | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  throw new HttpError(422, `${where}.${key} must be a boolean`);
}
