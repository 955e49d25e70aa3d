/**
 * The local configuration file read with `--config FILE` / `CONFIG_FILE`: the same shapes the
 * configurations service returns, in one JSON file, so the channel can boot without that service.
 *
 * ```json
 * {
 *   "service": {
 *     "id": "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
 *     "tasks": [{ "type": "timeout", "interval": 10000, "duration": 300000 }],
 *     "tenants": [{ "id": "083839c6-c47c-42a6-9585-76492795d123", "ipAddress": "127.0.0.1",
 *                   "worlds": [{ "id": 0, "channels": [{ "id": 0, "port": 8585 }] }] }]
 *   },
 *   "tenants": [
 *     { "id": "083839c6-c47c-42a6-9585-76492795d123", "file": "templates/template_gms_83_1.json" }
 *   ]
 * }
 * ```
 *
 * - `service`: the `services` resource attributes (`id` optional), or a whole JSON:API document
 *   `{"data":{"type":"services","id":…,"attributes":…}}` as returned by `configurations/services/{id}`.
 * - `tenants`: an array; each element is one of
 *   - the `tenants` attributes with an `id` member (the shape of the seed templates plus `id`);
 *   - a whole JSON:API document `{"data":{"type":"tenants","id":…,"attributes":…}}`;
 *   - `{"id": <uuid>, "file": <path>}`: the attributes (or a document) are read from another JSON file,
 *     relative to this one; this is how a seed template is used unchanged.
 * - Every tenant listed by `service.tenants` needs a configuration here.
 *
 * Every error names the file and the JSON path of the bad value.
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import { z } from "zod";
import {
  assembleConfiguration,
  type ChannelConfiguration,
  ConfigurationError,
  describeIssues,
  formatJsonPath,
  isJsonApiDocument,
  parseServiceAttributes,
  parseServiceDocument,
  parseTenantAttributes,
  parseTenantDocument,
  type TenantConfig,
} from "./tenant-config.ts";

/** Why the local configuration file could not be used; the message names the file and the path. */
export class LocalConfigError extends Error {
  override name = "LocalConfigError";
}

const fileShape = z.object({
  service: z.record(z.string(), z.unknown(), { message: "expected an object" }),
  tenants: z.array(z.record(z.string(), z.unknown(), { message: "expected an object" })),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const includeShape = z.object({ id: z.string(), file: z.string().min(1) }).strict();

/** Reads a file's text; swapped in tests. */
export type ReadTextFile = (path: string) => Promise<string>;

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LocalConfigError(`config file ${fileName}: not valid JSON: ${reason}`);
  }
}

function rethrowNamed(fileName: string, err: unknown): never {
  if (err instanceof ConfigurationError) {
    throw new LocalConfigError(`config file ${fileName}: ${err.problems.join("; ")}`);
  }
  throw err;
}

function tenantFrom(
  value: unknown,
  fileName: string,
  path: readonly PropertyKey[],
  id?: string,
): TenantConfig {
  try {
    if (isJsonApiDocument(value)) {
      const tenant = parseTenantDocument(value, { source: fileName, path });
      if (id !== undefined && tenant.id !== id.toLowerCase()) {
        throw new LocalConfigError(
          `config file ${fileName}: ${formatJsonPath([...path, "data", "id"])}: id ${tenant.id} ` +
            `does not match the including entry's id ${id}`,
        );
      }
      return tenant;
    }
    return parseTenantAttributes(value, { id, source: fileName, path });
  } catch (err) {
    rethrowNamed(fileName, err);
  }
}

/**
 * Parses the text of a local configuration file. `fileName` is used in error messages and to resolve
 * `file` includes; `readText` reads included files.
 */
export async function parseLocalConfig(
  text: string,
  fileName: string,
  readText: ReadTextFile = (path) => Deno.readTextFile(path),
): Promise<ChannelConfiguration> {
  const root = parseJson(text, fileName);
  const shape = fileShape.safeParse(root);
  if (!shape.success) {
    throw new LocalConfigError(`config file ${fileName}: ${describeIssues(shape.error).join("; ")}`);
  }
  let service;
  try {
    service = isJsonApiDocument(shape.data.service)
      ? parseServiceDocument(shape.data.service, { source: fileName, path: ["service"] })
      : parseServiceAttributes(shape.data.service, { source: fileName, path: ["service"] });
  } catch (err) {
    rethrowNamed(fileName, err);
  }
  const tenants: TenantConfig[] = [];
  for (const [index, entry] of shape.data.tenants.entries()) {
    const path = ["tenants", index];
    const include = includeShape.safeParse(entry);
    if (!include.success) {
      tenants.push(tenantFrom(entry, fileName, path));
      continue;
    }
    if (!UUID.test(include.data.id)) {
      throw new LocalConfigError(
        `config file ${fileName}: ${formatJsonPath([...path, "id"])}: expected a UUID`,
      );
    }
    const target = isAbsolute(include.data.file)
      ? include.data.file
      : join(dirname(fileName), include.data.file);
    let included: string;
    try {
      included = await readText(target);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new LocalConfigError(
        `config file ${fileName}: ${formatJsonPath([...path, "file"])}: cannot read ${target}: ${reason}`,
      );
    }
    const label = `${target} (included by ${fileName} ${formatJsonPath([...path, "file"])})`;
    tenants.push(tenantFrom(parseJson(included, label), label, [], include.data.id));
  }
  try {
    return assembleConfiguration(service, tenants, `config file ${fileName}`);
  } catch (err) {
    if (err instanceof ConfigurationError) throw new LocalConfigError(err.message);
    throw err;
  }
}

/** Reads and parses the local configuration file at `path` (see the module documentation). */
export async function loadLocalConfig(
  path: string,
  readText: ReadTextFile = (p) => Deno.readTextFile(p),
): Promise<ChannelConfiguration> {
  let text: string;
  try {
    text = await readText(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LocalConfigError(`config file ${path}: cannot read: ${reason}`);
  }
  return await parseLocalConfig(text, path, readText);
}
