/**
 * `EVENT_TOPIC_SKILL_STATUS` → packets (kafka-consumed.md §2.36), to the character's session here (the
 * event names no world; the presence index is per tenant): `CREATED` / `UPDATED` → CharacterSkillChange
 * (and the session's skill list is updated, so attack and skill checks see the new level at once);
 * `COOLDOWN_APPLIED` → CharacterSkillCooldown with the whole seconds left; `COOLDOWN_EXPIRED` →
 * CharacterSkillCooldown with 0.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { FeatureContext } from "../feature.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import type { SkillStatusEvent } from "./messages.ts";
import { rememberSkill } from "./known.ts";
import { SKILL_WRITERS, skillChangeBody, skillCooldownBody } from "./writers.ts";

const GO_ZERO_TIME_MS = Date.parse("0001-01-01T00:00:00Z");

/** Handles one skill status event. */
export function onSkillStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Pick<Delivery<SkillStatusEvent>, "value" | "tenant">,
  nowMs: number = Date.now(),
): void {
  const session = ctx.presence.sessionOfCharacter(tenant, event.characterId);
  if (!session || session.isClosed) return;
  switch (event.type) {
    case "CREATED":
    case "UPDATED": {
      const expiresMs = Date.parse(event.body.expiration);
      const skill = {
        id: event.skillId,
        level: event.body.level,
        masterLevel: event.body.masterLevel,
        expiration: expiresMs === GO_ZERO_TIME_MS ? null : new Date(expiresMs),
      };
      rememberSkill(session, skill);
      ctx.send(session, SKILL_WRITERS.change, skillChangeBody(tenant, skill));
      return;
    }
    case "COOLDOWN_APPLIED": {
      const until = Date.parse(event.body.cooldownExpiresAt);
      const known = session.get(CHARACTER_DATA)?.skills.find((s) => s.id === event.skillId);
      if (known) known.cooldownExpiresAt = new Date(until);
      const seconds = Math.max(0, Math.floor((until - nowMs) / 1000));
      ctx.send(session, SKILL_WRITERS.cooldown, skillCooldownBody(event.skillId, seconds));
      return;
    }
    case "COOLDOWN_EXPIRED": {
      const known = session.get(CHARACTER_DATA)?.skills.find((s) => s.id === event.skillId);
      if (known) known.cooldownExpiresAt = null;
      ctx.send(session, SKILL_WRITERS.cooldown, skillCooldownBody(event.skillId, 0));
      return;
    }
  }
}
