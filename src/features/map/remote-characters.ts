/**
 * Characters that the maps service lists in a map but that play on another channel instance: what a
 * newcomer is shown of them costs a bounded number of REST calls whatever the map holds. Look-ups are
 * shared by every newcomer of this process (one in flight per character, results kept for a while),
 * run a few at a time, and stop at a deadline; a character whose look-up failed (for example one left
 * behind by an instance that was killed) is remembered as missing for a while, so stale entries do not
 * slow anyone down. A newcomer is shown at most {@link RemoteCharacterOptions.maxPerEntry} of them.
 * @module
 */
import type { RestClient } from "../../rest/client.ts";
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { type CharacterData, loadCharacterData } from "../character/data.ts";

const log = getLogger("map");

/** Tunables of {@link createRemoteCharacters}. */
export interface RemoteCharacterOptions {
  /** How long a loaded character is reused (its look may change meanwhile). */
  readonly ttlMs: number;
  /** How long a failed look-up is remembered as missing. */
  readonly failureTtlMs: number;
  /** Look-ups running at once, for the whole process. */
  readonly concurrency: number;
  /** Most remote characters shown to one newcomer (a map view cannot show hundreds anyway). */
  readonly maxPerEntry: number;
  /** Per-call timeout of one look-up. */
  readonly timeoutMs: number;
}

/** Defaults of {@link RemoteCharacterOptions}. */
export const DEFAULT_REMOTE_CHARACTER_OPTIONS: Readonly<RemoteCharacterOptions> = Object.freeze({
  ttlMs: 30_000,
  failureTtlMs: 60_000,
  concurrency: 8,
  maxPerEntry: 100,
  timeoutMs: 3_000,
});

/** The shared loader. */
export interface RemoteCharacters {
  /**
   * The spawn data of (at most `maxPerEntry` of) `ids`, from the cache or look-ups; characters that
   * could not be loaded before `deadline` (`performance.now()` ms) or failed are left out.
   */
  load(rest: RestClient, tenant: Tenant, ids: readonly number[], deadline: number): Promise<CharacterData[]>;
}

type Entry =
  | { kind: "loaded"; data: CharacterData; until: number }
  | { kind: "missing"; until: number }
  | { kind: "loading"; promise: Promise<CharacterData | undefined> };

/** A loader with its own cache; `now` is injectable for tests. */
export function createRemoteCharacters(
  options: Partial<RemoteCharacterOptions> = {},
  now: () => number = () => performance.now(),
): RemoteCharacters {
  const o = { ...DEFAULT_REMOTE_CHARACTER_OPTIONS, ...options };
  const cache = new Map<string, Entry>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= o.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const sweep = () => {
    if (cache.size < 10_000) return;
    const at = now();
    for (const [key, entry] of cache) if (entry.kind !== "loading" && entry.until <= at) cache.delete(key);
  };

  const lookUp = (
    rest: RestClient,
    tenant: Tenant,
    id: number,
    key: string,
  ): Promise<CharacterData | undefined> => {
    const promise = (async () => {
      await slot();
      try {
        const data = await loadCharacterData(rest, tenant, id, { skills: false }, { timeoutMs: o.timeoutMs });
        cache.set(key, { kind: "loaded", data, until: now() + o.ttlMs });
        return data;
      } catch (err) {
        // Logged once per failureTtlMs: later newcomers reuse the verdict.
        log.warn("remote character look-up failed; not shown for a while", {
          tenantId: tenant.id,
          remoteCharacterId: id,
          error: err instanceof Error ? err.message : String(err),
        });
        cache.set(key, { kind: "missing", until: now() + o.failureTtlMs });
        return undefined;
      } finally {
        release();
      }
    })();
    cache.set(key, { kind: "loading", promise });
    return promise;
  };

  return {
    async load(rest, tenant, ids, deadline) {
      sweep();
      const identity = tenantIdentity(tenant);
      const at = now();
      const wanted = ids.slice(0, o.maxPerEntry);
      const results = wanted.map((id) => {
        const key = `${identity}|${id}`;
        const entry = cache.get(key);
        if (entry?.kind === "loading") return entry.promise;
        if (entry && entry.until > at) {
          return Promise.resolve(entry.kind === "loaded" ? entry.data : undefined);
        }
        return lookUp(rest, tenant, id, key);
      });
      const left = Math.max(0, deadline - at);
      let timer: ReturnType<typeof setTimeout> | undefined;
      // Timers overflow past 2^31-1 ms (and would fire at once): a far deadline waits for the look-ups.
      const late = left >= 2 ** 31 - 1
        ? new Promise<"late">(() => {})
        : new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), left));
      try {
        const settled = await Promise.all(results.map((r) => Promise.race([r, late])));
        return settled.filter((d): d is CharacterData => d !== undefined && d !== "late");
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
