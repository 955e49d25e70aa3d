/**
 * JSON:API documents as Atlas services write them (api2go): `data` is one resource or an array,
 * `included` holds every related resource flattened and de-duplicated by (type, id), relationship
 * `data` is an identifier, an array of identifiers or `null`. `links` and `meta` are ignored.
 *
 * Parsing happens in two steps. {@link resolveDocument} checks the document's structure and turns
 * each primary resource into a {@link ResolvedResource} whose relationships point at the full related
 * resources found in `data` or `included`. The caller's zod schema (usually built with
 * {@link resourceSchema}) then validates that tree, so the schema is the one source of truth for the
 * resource type string, the exact attribute names and the relationships a feature relies on.
 * @module
 */
import { z } from "zod";

/** A resource identifier (`{"type","id"}`) inside a relationship. */
export const resourceIdentifierSchema = z.object({ type: z.string(), id: z.string() });

const relationshipSchema = z.object({
  data: z.union([z.array(resourceIdentifierSchema), resourceIdentifierSchema, z.null()]).optional(),
});

/** One resource object as it appears on the wire. */
export const resourceObjectSchema = z.object({
  type: z.string(),
  id: z.string(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  relationships: z.record(z.string(), relationshipSchema).nullish(),
});
/** See {@link resourceObjectSchema}. */
export type ResourceObject = z.infer<typeof resourceObjectSchema>;

/** The top level of a response document. */
export const documentSchema = z.object({
  data: z.union([resourceObjectSchema, z.array(resourceObjectSchema), z.null()]).optional(),
  included: z.array(resourceObjectSchema).nullish(),
});
/** See {@link documentSchema}. */
export type JsonApiDocument = z.infer<typeof documentSchema>;

/**
 * A resource with its relationships resolved. A related resource absent from the document (the
 * server sent only its identifier) resolves to `{type, id}` without attributes; cycles and very deep
 * chains are cut the same way.
 */
export interface ResolvedResource {
  type: string;
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, ResolvedResource | ResolvedResource[] | null>;
}

/** Which shape of `data` the caller expects. */
export type DataShape = "one" | "many";

/** Why a document could not be resolved; {@link JsonApiShapeError.detail} says what was wrong. */
export class JsonApiShapeError extends Error {
  override name = "JsonApiShapeError";
}

/** Past this depth of nested relationships a related resource is left as an identifier. */
const MAX_DEPTH = 16;

function keyOf(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

function describeIssues(error: z.ZodError, prefix = ""): string[] {
  return error.issues.map((issue) => {
    const where = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
    return `${where || "(document)"}: ${issue.message}`;
  });
}

/** Lists a zod error's issues as `path: message` lines, for error messages. */
export function zodIssues(error: z.ZodError, prefix = ""): string[] {
  return describeIssues(error, prefix);
}

function resolveAll(document: JsonApiDocument): ResolvedResource[] {
  const primary = document.data === undefined || document.data === null
    ? []
    : Array.isArray(document.data)
    ? document.data
    : [document.data];
  const index = new Map<string, ResourceObject>();
  for (const resource of [...(document.included ?? []), ...primary]) {
    index.set(keyOf(resource.type, resource.id), resource);
  }
  const resolve = (resource: ResourceObject, stack: Set<string>): ResolvedResource => {
    const key = keyOf(resource.type, resource.id);
    const inner = new Set(stack).add(key);
    const relationships: Record<string, ResolvedResource | ResolvedResource[] | null> = {};
    for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
      const linkage = relationship.data;
      if (linkage === undefined) continue;
      if (linkage === null) {
        relationships[name] = null;
      } else if (Array.isArray(linkage)) {
        relationships[name] = linkage.map((identifier) => follow(identifier, inner));
      } else {
        relationships[name] = follow(linkage, inner);
      }
    }
    return { type: resource.type, id: resource.id, attributes: resource.attributes ?? {}, relationships };
  };
  const follow = (identifier: { type: string; id: string }, stack: Set<string>): ResolvedResource => {
    const key = keyOf(identifier.type, identifier.id);
    const target = index.get(key);
    if (!target || stack.has(key) || stack.size >= MAX_DEPTH) {
      return { type: identifier.type, id: identifier.id };
    }
    return resolve(target, stack);
  };
  return primary.map((resource) => resolve(resource, new Set()));
}

/**
 * Checks a parsed JSON body is a JSON:API document whose `data` has the expected shape and resolves
 * its relationships. Throws {@link JsonApiShapeError} when it is not (missing/`null` data, object where an
 * array is expected or the reverse, malformed resource objects).
 */
export function resolveDocument(body: unknown, shape: "one"): ResolvedResource;
export function resolveDocument(body: unknown, shape: "many"): ResolvedResource[];
export function resolveDocument(body: unknown, shape: DataShape): ResolvedResource | ResolvedResource[];
export function resolveDocument(body: unknown, shape: DataShape): ResolvedResource | ResolvedResource[] {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    throw new JsonApiShapeError(`not a JSON:API document: ${describeIssues(parsed.error).join("; ")}`);
  }
  const { data } = parsed.data;
  if (data === undefined || data === null) throw new JsonApiShapeError("document has no data");
  if (shape === "one" && Array.isArray(data)) {
    throw new JsonApiShapeError("expected a single resource in data, got an array");
  }
  if (shape === "many" && !Array.isArray(data)) {
    throw new JsonApiShapeError("expected an array of resources in data, got a single resource");
  }
  const resolved = resolveAll(parsed.data);
  return shape === "one" ? resolved[0] : resolved;
}

/** The zod shape {@link resourceSchema} builds. */
export type ResourceShape<
  T extends string,
  I extends z.ZodType,
  A extends z.ZodType,
  R extends z.ZodRawShape,
> = {
  type: z.ZodLiteral<T>;
  id: I;
  attributes: A;
  relationships: z.ZodPrefault<z.ZodObject<R>>;
};

/** The parts of a resource schema: id format, attributes and the relationships a feature uses. */
export interface ResourceParts<I extends z.ZodType, A extends z.ZodType, R extends z.ZodRawShape> {
  /** Schema of the `id` text; e.g. {@link decimalId} or {@link uuidId}. */
  id: I;
  /** Schema of `attributes`, with Atlas' exact attribute names. */
  attributes: A;
  /** Relationship name → {@link toMany}/{@link toOne} of another resource schema. */
  relationships?: R;
}

/**
 * A zod schema for one resolved resource of JSON:API type `type`. Unknown attributes and
 * relationships are stripped (as Atlas ignores them); a different `type` is a schema mismatch.
 */
export function resourceSchema<
  T extends string,
  I extends z.ZodType,
  A extends z.ZodType,
  R extends z.ZodRawShape = Record<never, never>,
>(type: T, parts: ResourceParts<I, A, R>): z.ZodObject<ResourceShape<T, I, A, R>> {
  // prefault (not default) so an absent relationships object still runs each relationship's own default.
  const relationships = z.object((parts.relationships ?? {}) as R).prefault({} as never);
  return z.object({ type: z.literal(type), id: parts.id, attributes: parts.attributes, relationships });
}

/** A to-many relationship: the related resources in linkage order; absent means none. */
export function toMany<S extends z.ZodType>(schema: S): z.ZodDefault<z.ZodArray<S>> {
  return z.array(schema).default([] as z.output<S>[]);
}

/** A to-one relationship: the related resource or `null`; absent means `null`. */
export function toOne<S extends z.ZodType>(schema: S): z.ZodDefault<z.ZodNullable<S>> {
  return schema.nullable().default(null);
}

/** A related resource the caller only needs the identity of (attributes may be absent). */
export function identifierOf<T extends string>(type: T) {
  return z.object({ type: z.literal(type), id: z.string() });
}

/** A JSON:API id holding a base-10 unsigned integer (`"1001"`), parsed to a number. */
export const decimalId: z.ZodType<number, string> = z.string().regex(/^\d+$/, "a decimal id")
  .transform((text) => Number(text)).refine(Number.isSafeInteger, "a decimal id within 2^53");

/** A JSON:API id holding a UUID, kept as lower-case text. */
export const uuidId: z.ZodType<string, string> = z.string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID")
  .transform((text) => text.toLowerCase());

/** The nil UUID Atlas puts in the `id` of resources it asks a service to create. */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** A request body for POST/PATCH: `{"data":{"type","id","attributes"}}`, as api2go writes it. */
export interface JsonApiRequestBody<A> {
  data: { type: string; id: string; attributes: A };
}

/** Builds a request body; attribute order is kept as given (Atlas writes struct field order). */
export function requestBody<A>(type: string, id: string, attributes: A): JsonApiRequestBody<A> {
  return { data: { type, id, attributes } };
}
