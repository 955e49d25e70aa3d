/**
 * `CharacterMoveHandle`: a character walks. The path is parsed completely (a truncated one is dropped
 * by the dispatcher as a read error), shown to the other sessions in the map through the presence index,
 * and summarised into `COMMAND_TOPIC_CHARACTER_MOVEMENT` — with no REST call: this runs for every step of
 * every player.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import { fieldPositionKey } from "../map/spawn.ts";
import { characterMovementContract, type MovementCommand } from "./messages.ts";
import {
  checkRelayedPath,
  movementCodec,
  type MovementPath,
  readMovementPath,
  summarizeMovement,
} from "./path.ts";
import { CHARACTER_MOVEMENT, characterMovementBody } from "./writers.ts";

const log = getLogger("movement");

/**
 * The version-specific fields in front of a character movement path, as the client writes them
 * (libs/atlas-packet `character/serverbound/move.go` at d59a1ad2df).
 */
export interface CharacterMoveHeader {
  fieldKey: number;
  /** Anti-cheat values GMS clients send from v84 on (logged only, as in the reference). */
  dr0: number;
  dr1: number;
  dr2: number;
  dr3: number;
  /** Present for GMS v72 and later; the JMS client sends none. */
  crc: number;
  /** Present for GMS v84 and later. */
  dwKey: number;
  crc32: number;
}

/**
 * Reads the header of a CharacterMove packet for the tenant's version: GMS v84+ `dr0 dr1 fieldKey dr2 dr3
 * crc dwKey crc32`, GMS v72–83 `fieldKey crc`, JMS only `fieldKey` (the reference read the GMS v84
 * anti-cheat fields from JMS clients too, which do not send them).
 */
export function readCharacterMoveHeader(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
): CharacterMoveHeader {
  const gms = tenant.region === "GMS";
  const antiCheat = gms && tenant.majorVersion >= 84;
  const header: CharacterMoveHeader = {
    fieldKey: 0,
    dr0: 0,
    dr1: 0,
    dr2: 0,
    dr3: 0,
    crc: 0,
    dwKey: 0,
    crc32: 0,
  };
  if (antiCheat) {
    header.dr0 = reader.uint32();
    header.dr1 = reader.uint32();
  }
  header.fieldKey = reader.byte();
  if (antiCheat) {
    header.dr2 = reader.uint32();
    header.dr3 = reader.uint32();
  }
  if (gms && tenant.majorVersion >= 72) header.crc = reader.uint32();
  if (antiCheat) {
    header.dwKey = reader.uint32();
    header.crc32 = reader.uint32();
  }
  return header;
}

/** Reads a whole CharacterMove packet (header, then path); throws `PacketReadError` when truncated. */
export function readCharacterMove(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
  options: HandlerOptions,
): { header: CharacterMoveHeader; path: MovementPath } {
  const header = readCharacterMoveHeader(reader, tenant);
  const path = readMovementPath(reader, movementCodec(tenant, options));
  return { header, path };
}

/** The movement command the reference produces for a character's own movement. */
export function characterMovementCommand(
  session: Pick<Session, "worldId" | "channelId">,
  mapId: number,
  characterId: number,
  path: MovementPath,
): MovementCommand {
  const { x, y, stance } = summarizeMovement(path);
  return {
    worldId: session.worldId,
    channelId: session.channelId,
    mapId,
    objectId: characterId,
    observerId: characterId,
    x,
    y,
    stance,
  };
}

/** The `CharacterMoveHandle` handler. */
export function characterMoveHandler(ctx: FeatureContext) {
  return (session: Session, reader: PacketReader, options: HandlerOptions): void => {
    const { path } = readCharacterMove(reader, session.tenant, options);
    checkRelayedPath(path, movementCodec(session.tenant, options));
    const characterId = session.characterId;
    const mapId = ctx.presence.mapOf(session);
    if (characterId === undefined || mapId === undefined) {
      log.debug("movement before the character is in a map dropped", { session: session.id, characterId });
      return;
    }
    const others = ctx.presence.sessionsIn(session.tenant, session.worldId, session.channelId, mapId);
    if (others.size > 1) {
      ctx.broadcast(
        others,
        CHARACTER_MOVEMENT,
        characterMovementBody(session.tenant, characterId, path),
        session,
        // A recipient that has fallen behind is sent this character's newest path only.
        `${CHARACTER_MOVEMENT}:${characterId}`,
      );
    }
    const command = characterMovementCommand(session, mapId, characterId, path);
    // Later spawns show the character where it now stands (what atlas-character records from the command),
    // on the foothold the client last reported.
    const { foothold } = summarizeMovement(path);
    session.set(fieldPositionKey, { x: command.x, y: command.y, stance: command.stance, foothold });
    // Not awaited, like the reference's detached produce: the session's next packet must not wait for the
    // broker. Publishes are issued in packet order, and one key keeps them in order on the topic.
    ctx.bus.publish(characterMovementContract, command, { tenant: session.tenant, key: characterId }).catch(
      (err) => log.error("movement command not published", { characterId, error: err }),
    );
  };
}
