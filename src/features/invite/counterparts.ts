/**
 * The other character of a social action (inviter, invitee, note recipient): found by id or by name,
 * from its session when it plays on this process, else with one atlas-character look-up. Social
 * actions are rare, so this is no hot path; failures are logged and read as "unknown".
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { RestNotFoundError } from "../../rest/errors.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { type Character, findCharacterByName, getCharacter } from "../character/rest.ts";

const log = getLogger("social");

/** A character as social packets name it. */
export interface Counterpart {
  readonly id: number;
  readonly worldId: number;
  readonly name: string;
  readonly jobId: number;
  readonly level: number;
  readonly gm: boolean;
}

function of(c: Character): Counterpart {
  return { id: c.id, worldId: c.worldId, name: c.name, jobId: c.jobId, level: c.level, gm: c.gm > 0 };
}

/** The character `id`, or undefined when it cannot be found (logged). */
export async function counterpart(
  ctx: Pick<FeatureContext, "presence" | "rest">,
  tenant: Tenant,
  id: number,
): Promise<Counterpart | undefined> {
  const local = ctx.presence.sessionOfCharacter(tenant, id)?.get(loggedInCharacterKey);
  if (local) return of(local);
  if (!ctx.rest) return undefined;
  try {
    return of(await getCharacter(ctx.rest, tenant, id));
  } catch (err) {
    log.warn("character lookup failed", { characterId: id, error: String(err) });
    return undefined;
  }
}

/**
 * The character named `name` (as atlas-character matches names), or undefined when there is none or
 * the look-up failed (logged).
 */
export async function characterNamed(
  ctx: Pick<FeatureContext, "rest">,
  tenant: Tenant,
  name: string,
): Promise<Counterpart | undefined> {
  if (!ctx.rest) {
    log.error("no REST services configured; cannot look a character up by name", { name });
    return undefined;
  }
  try {
    const found = await findCharacterByName(ctx.rest, tenant, name);
    return found && of(found);
  } catch (err) {
    if (!(err instanceof RestNotFoundError)) {
      log.warn("character lookup by name failed", { name, error: String(err) });
    }
    return undefined;
  }
}
