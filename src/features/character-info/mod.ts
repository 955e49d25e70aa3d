/**
 * The character info window: `CharacterInfoRequestHandle` (a double-click on a character) →
 * `CharacterInfo` for the asker. A character playing on this process is described from its session's
 * cached record and pets; anyone else from atlas-character (and atlas-pets when pets are asked for).
 * The guild name and wish list are looked up (atlas-guilds, atlas-cashshop), each failure leaving that
 * part empty, as in the reference. A request is a click, not a hot path, and makes at most four look-ups.
 *
 * Asked about someone else, the asker first gets the item exclusion list of each of that character's
 * pets (`PetExcludeResponse`), as the reference does — but only for the pets that are out (the packet
 * addresses a pet by its slot; the reference also sent resting pets' lists, with slot −1). The pets come
 * from the character's session here, or one atlas-pets look-up.
 *
 * Unlike the reference, a character who is not in the asker's map is not described (the client only
 * asks about characters it sees).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { getCharacter } from "../character/rest.ts";
import { getPets, type Pet } from "../pet/rest.ts";
import { PET_WRITERS, petExcludeBody } from "../pet/writers.ts";
import { findGuildByMember } from "../guild/rest.ts";
import { getWishlist } from "../cash-shop/rest.ts";
import { CHARACTER_INFO, type CharacterInfo, characterInfoBody, type InfoPet } from "./writers.ts";

const log = getLogger("character-info");

/** Per-call limit of the look-ups. */
const LOOKUP_TIMEOUT_MS = 2000;

/** Whether the request carries the "with pets" flag (every version but GMS before v61). */
export function infoRequestHasPetFlag(tenant: { region: string; majorVersion: number }): boolean {
  return !(tenant.region === "GMS" && tenant.majorVersion < 61);
}

const errorText = (err: unknown) => err instanceof Error ? err.message : String(err);

/** `CharacterInfoRequestHandle`. */
export function characterInfoHandler(ctx: FeatureContext) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    reader.uint32(); // update time
    const characterId = reader.uint32();
    const withPets = infoRequestHasPetFlag(session.tenant) ? reader.bool() : false;
    const tenant = session.tenant;
    const mapId = ctx.presence.mapOf(session);
    const local = ctx.presence.sessionOfCharacter(tenant, characterId);
    if (mapId === undefined || (local && ctx.presence.mapOf(local) !== mapId)) {
      log.info("info request for a character not in the asker's map; ignored", {
        sessionId: session.id,
        characterId,
      });
      return;
    }
    const cached = local?.get(loggedInCharacterKey);
    const rest = ctx.rest;
    const options = { timeoutMs: LOOKUP_TIMEOUT_MS };
    const fields = { sessionId: session.id, characterId };
    let character = cached;
    if (!character) {
      if (!rest) return;
      try {
        character = await getCharacter(rest, tenant, characterId, options);
      } catch (err) {
        log.warn("info request: character look-up failed", { ...fields, error: errorText(err) });
        return;
      }
    }
    const someoneElse = characterId !== session.characterId;
    const petsOf = async (): Promise<Pet[]> => {
      if (!withPets && !someoneElse) return [];
      const loaded = local?.get(CHARACTER_DATA)?.pets;
      if (loaded) return loaded;
      if (!rest) return [];
      try {
        return await getPets(rest, tenant, characterId, options);
      } catch (err) {
        log.warn("info request: pets look-up failed", { ...fields, error: errorText(err) });
        return [];
      }
    };
    const guildName = async () => {
      if (!rest) return "";
      try {
        return (await findGuildByMember(rest, tenant, characterId, options))?.name ?? "";
      } catch (err) {
        log.warn("info request: guild look-up failed", { ...fields, error: errorText(err) });
        return "";
      }
    };
    const wishList = async () => {
      if (!rest) return [];
      try {
        return await getWishlist(rest, tenant, characterId);
      } catch (err) {
        log.warn("info request: wish list look-up failed", { ...fields, error: errorText(err) });
        return [];
      }
    };
    const [pets, guild, wishes] = await Promise.all([petsOf(), guildName(), wishList()]);
    const out = pets.filter((p) => p.slot >= 0);
    const info: CharacterInfo = {
      characterId,
      level: character.level,
      jobId: character.jobId,
      fame: character.fame,
      guildName: guild,
      pets: withPets ? out.map((p): InfoPet => p) : [],
      wishList: wishes,
    };
    if (session.isClosed) return;
    if (someoneElse) {
      for (const pet of out) {
        const excludes = pet.excludes.map((e) => e.itemId);
        ctx.send(session, PET_WRITERS.exclude, petExcludeBody({ ...pet, ownerId: characterId, excludes }));
      }
    }
    ctx.send(session, CHARACTER_INFO, characterInfoBody(tenant, info));
  };
}

/** See the module documentation. */
export const characterInfoFeature: Feature = {
  name: "character-info",
  contracts: [],
  writers: [CHARACTER_INFO],
  handlers: (ctx) => ({ CharacterInfoRequestHandle: characterInfoHandler(ctx) }),
};
