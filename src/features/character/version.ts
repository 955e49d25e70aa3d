/**
 * The version tests the reference's writers branch on, named once. "Modern" is the reference's
 * `(GMS && major > 28) || JMS` test, which almost every layout difference uses.
 * @module
 */
import type { Tenant } from "../../tenant.ts";

/** The part of a tenant a packet layout depends on. */
export type ClientVersion = Pick<Tenant, "region" | "majorVersion">;

/** JMS client. */
export function isJms(v: ClientVersion): boolean {
  return v.region === "JMS";
}

/** GMS client with a major version strictly above `major`. */
export function gmsAbove(v: ClientVersion, major: number): boolean {
  return v.region === "GMS" && v.majorVersion > major;
}

/** `GMS > major` or JMS: the usual shape of a version branch in the reference. */
export function gmsAboveOrJms(v: ClientVersion, major: number): boolean {
  return gmsAbove(v, major) || isJms(v);
}

/** `GMS > 28` or JMS: every client this server really targets (v12 is the only older template). */
export function isModern(v: ClientVersion): boolean {
  return gmsAboveOrJms(v, 28);
}
