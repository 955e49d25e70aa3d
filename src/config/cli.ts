/**
 * Command-line parsing. Stand-in for `@std/cli` (JSR is unreachable from our build hosts): this is the
 * only module that touches `node:util`'s `parseArgs`, so switching back to `@std/cli/parse-args` is a
 * one-file change.
 * @module
 */
import { parseArgs } from "node:util";

/** Declares one flag: its type and whether it may repeat. */
export interface FlagSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}

/** Parsed flags: strings, booleans or string lists, keyed by flag name. */
export type ParsedFlags = Record<string, string | boolean | string[] | undefined>;

/** Thrown for an unknown flag or a flag missing its value; the message names the flag. */
export class CliError extends Error {
  override name = "CliError";
}

/** Parses `args` against `spec`; positionals are rejected. */
export function parseFlags(args: readonly string[], spec: Record<string, FlagSpec>): ParsedFlags {
  try {
    const { values } = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false });
    return values as ParsedFlags;
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}
