/**
 * What the tenant-isolation tests share: the topics each file has a case for (the coverage test checks
 * their union, with {@link NO_PACKETS}, against what the app subscribes), and the `isolated` pattern.
 *
 * A case publishes an event with tenant B's headers and sees tenant B's session get its packet (exact
 * bytes, written out from the client layout); then the same event for tenant A, with a different
 * payload, is the sentinel: tenant A's session must get it without having received tenant B's before.
 * @module
 */
import type { Field, LoggedIn } from "../support/field.ts";
import { expectNoneBefore, type PacketMatch, receiveUntil } from "../support/receive.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";

/** The consumed topics each tenant-isolation file covers with a case, by topic variable. */
export const CASES = {
  /** tenant-isolation.e2e.test.ts */
  core: [
    "EVENT_TOPIC_CHARACTER_CHAT",
    "EVENT_TOPIC_EXPRESSION",
    "COMMAND_TOPIC_SYSTEM_MESSAGE",
    "EVENT_TOPIC_CHARACTER_STATUS",
    "EVENT_TOPIC_MAP_STATUS",
    "EVENT_TOPIC_ACCOUNT_STATUS",
    "COMMAND_TOPIC_CHANNEL_STATUS",
    "EVENT_TOPIC_SESSION_STATUS",
    "EVENT_TOPIC_ACCOUNT_SESSION_STATUS",
    "EVENT_TOPIC_DROP_STATUS",
    "EVENT_TOPIC_REACTOR_STATUS",
    "EVENT_TOPIC_TRANSPORT_STATUS",
    "EVENT_TOPIC_CHAIR_STATUS",
    "EVENT_TOPIC_CHALKBOARD_STATUS",
  ],
  /** tenant-isolation-social.e2e.test.ts */
  social: [
    "EVENT_TOPIC_BUDDY_LIST_STATUS",
    "EVENT_TOPIC_FAME_STATUS",
    "EVENT_TOPIC_NOTE_STATUS",
    "EVENT_TOPIC_INVITE_STATUS",
    "EVENT_TOPIC_MESSENGER_STATUS",
    "EVENT_TOPIC_QUEST_STATUS",
    "EVENT_TOPIC_SKILL_STATUS",
    "EVENT_TOPIC_GUILD_STATUS",
    "COMMAND_TOPIC_GUILD",
    "EVENT_TOPIC_GUILD_THREAD_STATUS",
    "EVENT_TOPIC_PARTY_STATUS",
    "EVENT_TOPIC_PARTY_MEMBER_STATUS",
  ],
  /** tenant-isolation-items.e2e.test.ts */
  items: [
    "EVENT_TOPIC_ASSET_STATUS",
    "EVENT_TOPIC_COMPARTMENT_STATUS",
    "EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS",
    "EVENT_TOPIC_CONSUMABLE_STATUS",
    "EVENT_TOPIC_CASH_SHOP_STATUS",
    "COMMAND_TOPIC_STORAGE_SHOW",
    "EVENT_TOPIC_STORAGE_STATUS",
    "COMMAND_TOPIC_NPC_CONVERSATION",
    "EVENT_TOPIC_NPC_SHOP_STATUS",
    "EVENT_TOPIC_PET_STATUS",
    "EVENT_TOPIC_CHARACTER_BUFF_STATUS",
    "EVENT_TOPIC_MONSTER_STATUS",
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * Consumed topics whose consumers send no packet and change nothing a test could read per tenant, with
 * the reason. tenant-isolation-coverage.e2e.test.ts runs their consumers with events of both tenants
 * under a spy on the app's sends: an entry here whose consumer sends a packet fails there.
 */
export const NO_PACKETS: ReadonlyMap<string, string> = new Map([
  // Only logged (COMPLETED at info, FAILED at warn), as the reference does; nothing reaches a session.
  ["EVENT_TOPIC_SAGA_STATUS", "saga outcomes are only logged"],
]);

/** Bytes as spaced hex ("0a 1b"). */
export const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");

/** A packet of `writer` whose body is `bodyHex` (hex; white space is ignored). */
export function packet(field: Field, writer: string, bodyHex: string): PacketMatch {
  const opcode = field.writerOpcode(writer);
  const want = bodyHex.replace(/\s+/g, "");
  return (p) => p.opcode === opcode && toHex(p.body).replaceAll(" ", "") === want;
}

/** A string as the client reads it (u16 length, bytes), in hex. */
export function stringHex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return toHex(Uint8Array.of(bytes.length & 0xff, bytes.length >> 8, ...bytes));
}

/** The variants of a case: tenant B's event, and tenant A's (the sentinel). */
export type Variant = "a" | "b";

/** See {@link isolation}. */
export interface Isolation {
  /**
   * Publishes the event for tenant B (variant "b"), sees B's session get its packet, then the event for
   * tenant A (variant "a") as the sentinel, and proves A's session got nothing of B's before it.
   */
  isolated(
    topic: string,
    publish: (tenant: Tenant, variant: Variant) => Promise<void>,
    receivers: { a: LoggedIn; b: LoggedIn },
    match: (variant: Variant) => PacketMatch,
  ): Promise<void>;
  /**
   * For a topic whose packet carries nothing that could differ between the two events: tenant B's event
   * reaches B's session, then a system message for A's session (published once B's was handled) is the
   * sentinel before which A's session must not have received the packet.
   */
  isolatedBySentinel(
    topic: string,
    publish: (tenant: Tenant) => Promise<void>,
    receivers: { a: LoggedIn; b: LoggedIn },
    match: PacketMatch,
  ): Promise<void>;
  /** Notes a topic proven isolated another way (state, not packets). */
  covered(topic: string): void;
  /** Fails unless exactly `topics` got a case, each consumed by the app. */
  assertCovered(topics: readonly string[]): void;
}

/** The isolation cases of one field with two tenants. */
export function isolation(field: Field): Isolation {
  const A = field.tenant;
  const B = field.otherTenant;
  if (!B) throw new Error("the tenant-isolation field needs secondTenant: true");
  const done: string[] = [];
  return {
    async isolated(topic, publish, receivers, match) {
      await publish(B, "b");
      await receiveUntil(receivers.b.client, match("b"), { what: `${topic}: tenant B's packet` });
      await publish(A, "a");
      await expectNoneBefore(
        receivers.a.client,
        match("b"),
        match("a"),
        `${topic}: tenant B's event reached tenant A's session`,
      );
      done.push(topic);
    },
    async isolatedBySentinel(topic, publish, receivers, match) {
      await publish(B);
      await receiveUntil(receivers.b.client, match, { what: `${topic}: tenant B's packet` });
      await expectNoneBefore(
        receivers.a.client,
        match,
        await field.sentinel(receivers.a),
        `${topic}: tenant B's event reached tenant A's session`,
      );
      done.push(topic);
    },
    covered(topic) {
      done.push(topic);
    },
    assertCovered(topics) {
      assertEquals([...done].sort(), [...topics].sort(), "the cases run are not the topics listed in CASES");
      for (const topic of topics) assertTrue(field.subscribed.has(topic), `${topic} is no longer consumed`);
    },
  };
}
