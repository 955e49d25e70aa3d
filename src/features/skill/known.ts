/**
 * What the server knows about skills without asking on every packet: the session's own skills (loaded
 * at field entry into `CHARACTER_DATA`, kept current by `EVENT_TOPIC_SKILL_STATUS`) and each skill's
 * static data from atlas-data (`data/skills/{id}`), read once per tenant and skill and then reused.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { getSkillData, type SkillData } from "../data/rest.ts";
import type { Skill } from "./rest.ts";

const log = getLogger("skill.known");

/**
 * The session's skill `skillId` when its character owns it now (level above 0, not expired), else
 * undefined.
 */
export function ownedSkill(session: Session, skillId: number, nowMs: number = Date.now()): Skill | undefined {
  const skill = session.get(CHARACTER_DATA)?.skills.find((s) => s.id === skillId);
  if (!skill || skill.level <= 0) return undefined;
  if (skill.expiration && skill.expiration.getTime() <= nowMs) return undefined;
  return skill;
}

/** Records a learnt or changed skill on the session (from a skill status event). */
export function rememberSkill(session: Session, skill: Omit<Skill, "cooldownExpiresAt">): void {
  const data = session.get(CHARACTER_DATA);
  if (!data) return;
  const known = data.skills.find((s) => s.id === skill.id);
  if (known) Object.assign(known, skill);
  else data.skills.push({ ...skill, cooldownExpiresAt: null });
}

/** How long a failed read is remembered before the next call asks again. */
export const SKILL_DATA_RETRY_MS = 30_000;

interface CachedRead {
  read: Promise<SkillData | undefined>;
  /** Set once the read failed: when a later call may try again. */
  retryAt?: number;
}

const caches = new WeakMap<object, Map<string, CachedRead>>();

/**
 * A skill's static data, read from atlas-data once per tenant and skill (concurrent callers share the
 * read); undefined when there is no REST service or the read failed (logged; remembered for
 * {@link SKILL_DATA_RETRY_MS}, so a missing skill costs no look-up per attack or cast).
 */
export function skillData(
  ctx: Pick<FeatureContext, "rest" | "presence">,
  tenant: Tenant,
  skillId: number,
  nowMs: number = Date.now(),
): Promise<SkillData | undefined> {
  const rest = ctx.rest;
  if (!rest) return Promise.resolve(undefined);
  let cache = caches.get(ctx.presence);
  if (!cache) caches.set(ctx.presence, cache = new Map());
  const key = `${tenantIdentity(tenant)}|${skillId}`;
  const cached = cache.get(key);
  if (cached && (cached.retryAt === undefined || nowMs < cached.retryAt)) return cached.read;
  const entry: CachedRead = { read: Promise.resolve(undefined) };
  entry.read = getSkillData(rest, tenant, skillId, { timeoutMs: 3000 }).catch((err) => {
    log.warn("skill data could not be read", {
      skillId,
      error: err instanceof Error ? err.message : String(err),
    });
    entry.retryAt = Date.now() + SKILL_DATA_RETRY_MS;
    return undefined;
  });
  cache.set(key, entry);
  return entry.read;
}
