/**
 * Checks every fixture document the sandbox serves with the zod schemas the channel itself parses them
 * with (the features' `rest.ts` and the configuration schemas), through the same JSON:API resolution the
 * REST client applies. A fixture that drifts from the contract is reported here — at sandbox start and
 * in the sandbox's tests — instead of as an odd failure deep inside a login.
 * @module
 */
import { SANDBOX_SHOPS, shopDoc } from "./npcs.ts";
import { shopResourceSchema } from "../features/npc/rest.ts";
import type { z } from "zod";
import { parseServiceDocument, parseTenantDocument } from "../config/tenant-config.ts";
import { accountResourceSchema } from "../features/account/rest.ts";
import { buffResourceSchema } from "../features/buff/rest.ts";
import { buddyListResourceSchema } from "../features/buddy/rest.ts";
import { channelResourceSchema, worldResourceSchema } from "../features/channel/rest.ts";
import { characterResourceSchema } from "../features/character/rest.ts";
import { inventoryResourceSchema } from "../features/inventory/rest.ts";
import { keyResourceSchema } from "../features/keymap/rest.ts";
import { petResourceSchema } from "../features/pet/rest.ts";
import { portalResourceSchema } from "../features/portal/rest.ts";
import {
  mapDataResourceSchema,
  mapNpcResourceSchema,
  skillDataResourceSchema,
} from "../features/data/rest.ts";
import { SANDBOX_SKILLS, skillDataDoc } from "./skills.ts";
import { monsterResourceSchema } from "../features/monster/rest.ts";
import { macroResourceSchema, skillResourceSchema } from "../features/skill/rest.ts";
import { resolveDocument, zodIssues } from "../rest/jsonapi.ts";
import {
  accountsDocument,
  buddyListDoc,
  buffsDoc,
  channelDoc,
  characterDoc,
  type Document,
  inventoryDoc,
  keysDoc,
  liveMonstersDoc,
  macrosDoc,
  mapDoc,
  npcsDoc,
  petsDoc,
  portalsDoc,
  serviceDocument,
  skillsDoc,
  tenantDocument,
  worldDocument,
} from "./documents.ts";
import { createStore, type SandboxStore } from "./store.ts";
import { GENERATED_FIRST_ID, NAMED_CHARACTERS, SANDBOX_MAPS, SANDBOX_TENANTS } from "./world.ts";

/** One document to check: what it is, its body, one or many resources, and the channel's schema. */
export interface FixtureCheck {
  what: string;
  document: Document;
  shape: "one" | "many";
  schema: z.ZodType;
}

/** Every document the sandbox serves for `store`, paired with the channel's schema for it. */
export function fixtureChecks(store: SandboxStore = createStore({ generatedCount: 1 })): FixtureCheck[] {
  const checks: FixtureCheck[] = [
    { what: "accounts", document: accountsDocument(store), shape: "many", schema: accountResourceSchema },
    { what: "worlds/0", document: worldDocument(), shape: "one", schema: worldResourceSchema },
    {
      what: "worlds/0/channels/0",
      document: channelDoc({
        id: crypto.randomUUID(),
        worldId: 0,
        channelId: 0,
        ipAddress: "127.0.0.1",
        port: 8585,
        currentCapacity: 0,
        maxCapacity: 0,
        createdAt: "2026-01-15T18:04:05.12Z",
      }),
      shape: "one",
      schema: channelResourceSchema,
    },
  ];
  const characters = [...NAMED_CHARACTERS.map((c) => c.id), GENERATED_FIRST_ID]
    .map((id) => store.character(id)!);
  for (const c of characters) {
    const at = `characters/${c.id}`;
    checks.push(
      { what: at, document: characterDoc(c), shape: "one", schema: characterResourceSchema },
      { what: `${at}/inventory`, document: inventoryDoc(c), shape: "one", schema: inventoryResourceSchema },
      { what: `${at}/skills`, document: skillsDoc(c), shape: "many", schema: skillResourceSchema },
      { what: `${at}/macros`, document: macrosDoc(c), shape: "many", schema: macroResourceSchema },
      { what: `${at}/pets`, document: petsDoc(c), shape: "many", schema: petResourceSchema },
      { what: `${at}/keys`, document: keysDoc(c), shape: "many", schema: keyResourceSchema },
      { what: `${at}/buffs`, document: buffsDoc(), shape: "many", schema: buffResourceSchema },
      { what: `${at}/buddy-list`, document: buddyListDoc(c), shape: "one", schema: buddyListResourceSchema },
    );
  }
  for (const id of Object.keys(SANDBOX_SKILLS)) {
    checks.push({
      what: `data/skills/${id}`,
      document: skillDataDoc(Number(id)) as Document,
      shape: "one",
      schema: skillDataResourceSchema,
    });
  }
  for (const map of SANDBOX_MAPS) {
    checks.push({
      what: `data/maps/${map.id}/portals`,
      document: portalsDoc(map),
      shape: "many",
      schema: portalResourceSchema,
    }, {
      what: `data/maps/${map.id}`,
      document: mapDoc(map),
      shape: "one",
      schema: mapDataResourceSchema,
    }, {
      what: `data/maps/${map.id}/npcs`,
      document: npcsDoc(map),
      shape: "many",
      schema: mapNpcResourceSchema,
    }, {
      what: `worlds/0/channels/0/maps/${map.id}/monsters`,
      document: liveMonstersDoc(map, 0, 0),
      shape: "many",
      schema: monsterResourceSchema,
    });
  }
  for (const npcId of Object.keys(SANDBOX_SHOPS).map(Number)) {
    checks.push({
      what: `npcs/${npcId}/shop`,
      document: shopDoc(npcId)!,
      shape: "one",
      schema: shopResourceSchema,
    });
  }
  return checks;
}

/** Problems of one check (empty when it passes). */
export function checkFixture(check: FixtureCheck): string[] {
  let resolved;
  try {
    resolved = resolveDocument(check.document, check.shape);
  } catch (err) {
    return [`${check.what}: ${err instanceof Error ? err.message : String(err)}`];
  }
  const items = Array.isArray(resolved) ? resolved : [resolved];
  if (check.shape === "many" && check.what.endsWith("portals") && items.length === 0) {
    return [`${check.what}: a map without portals`];
  }
  const problems: string[] = [];
  items.forEach((item, i) => {
    const parsed = check.schema.safeParse(item);
    if (!parsed.success) {
      problems.push(
        ...zodIssues(parsed.error, check.shape === "many" ? `[${i}]` : "").map((p) => `${check.what}: ${p}`),
      );
    }
  });
  return problems;
}

/**
 * Every problem of the sandbox's fixtures: documents against the channel's schemas, the configuration
 * documents against the configuration parsers, and the portal ring (each portal's target exists).
 */
export function validateFixtures(store?: SandboxStore): string[] {
  const problems = fixtureChecks(store).flatMap(checkFixture);
  const checks: [string, () => unknown][] = [
    ["configurations/services", () => parseServiceDocument(serviceDocument())],
    ...SANDBOX_TENANTS.map((t): [string, () => unknown] => [
      `configurations/tenants/${t.id}`,
      () => parseTenantDocument(tenantDocument(t.id)),
    ]),
  ];
  for (const [what, parse] of checks) {
    try {
      parse();
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const maps = new Map(SANDBOX_MAPS.map((m) => [m.id, m]));
  for (const map of SANDBOX_MAPS) {
    for (const portal of map.portals) {
      if (portal.targetMapId === 999999999) continue;
      const target = maps.get(portal.targetMapId);
      if (!target) {
        problems.push(
          `data/maps/${map.id}: portal ${portal.name} leads to unknown map ${portal.targetMapId}`,
        );
      } else if (!target.portals.some((p) => p.name === portal.target)) {
        problems.push(`data/maps/${map.id}: portal ${portal.name} targets missing portal ${portal.target}`);
      }
    }
  }
  return problems;
}
