/**
 * atlas-fame, for the sandbox (services/atlas-fame docs at the reference revision): a
 * `REQUEST_CHANGE` from a character below level 15 → `ERROR` `NOT_MINIMUM_LEVEL`; an unknown target →
 * `INVALID_NAME`; a second fame the same day → `NOT_TODAY`; the same target again within 30 days →
 * `NOT_THIS_MONTH`; else the target's fame changes in the store and atlas-character announces
 * `FAME_CHANGED` (actor: the giver). Errors carry the request's channel.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { fameCommandContract, fameStatusContract } from "../../features/fame/messages.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import type { SandboxStore } from "../store.ts";

const DAY_MS = 86_400_000;

/** Subscribes the fame responder on `bus` (call before `bus.start()`); `now` is for tests. */
export function fameResponder(bus: Bus, store: SandboxStore, now: () => number = Date.now): void {
  const given = new Map<string, { targetId: number; at: number }[]>();
  bus.subscribe(fameCommandContract, async ({ value: command, tenant }) => {
    const { worldId, characterId, body } = command;
    const error = (code: string) =>
      bus.publish(fameStatusContract, {
        worldId,
        characterId,
        type: "ERROR",
        body: { channelId: body.channelId, error: code },
      }, { tenant, key: characterId });
    const giver = store.character(characterId);
    const target = store.character(body.targetId);
    if (!giver || (giver.attributes.level ?? 0) < 15) return error("NOT_MINIMUM_LEVEL");
    if (!target) return error("INVALID_NAME");
    const key = `${tenant.id}|${characterId}`;
    const history = given.get(key) ?? [];
    const at = now();
    if (history.some((g) => at - g.at < DAY_MS)) return error("NOT_TODAY");
    if (history.some((g) => g.targetId === body.targetId && at - g.at < 30 * DAY_MS)) {
      return error("NOT_THIS_MONTH");
    }
    history.push({ targetId: body.targetId, at });
    given.set(key, history);
    target.attributes.fame = (target.attributes.fame ?? 0) + body.amount;
    await bus.publish(characterStatusContract, {
      worldId,
      characterId: body.targetId,
      type: "FAME_CHANGED",
      body: { actorId: characterId, actorType: "CHARACTER", amount: body.amount },
    }, { tenant, key: body.targetId });
  }, { name: "sandbox_fame_command" });
}
