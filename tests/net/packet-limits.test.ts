/**
 * Per-session packet budgets (src/net/packet-limits.ts) and how the dispatcher applies them: bursts
 * pass, excess is dropped and counted, a sustained flood closes the session; opcodes no client sends
 * are told apart from handlers this server does not implement. The clock is injected.
 */
import { assertEquals } from "../support/assert.ts";
import {
  DEFAULT_PACKET_LIMITS,
  packetClassOf,
  type PacketLimits,
  sessionBudget,
} from "../../src/net/packet-limits.ts";
import { buildOpcodeTables, createDispatcher, type DispatchOutcome } from "../../src/net/dispatch.ts";
import { parseTenantAttributes } from "../../src/config/tenant-config.ts";
import { packetReader } from "../../src/protocol/reader.ts";

const LIMITS: PacketLimits = {
  totalPerSecond: 10,
  movementPerSecond: 4,
  chatPerSecond: 2,
  otherPerSecond: 10,
  floodExcess: 30,
};

Deno.test("budget: two seconds' burst passes, then one packet per refill; class buckets apply after the total", () => {
  const budget = sessionBudget(LIMITS, 0);
  const verdicts = Array.from({ length: 21 }, () => budget.admit(0));
  assertEquals(verdicts.filter((v) => v === "ok").length, 20);
  assertEquals(verdicts[20], "throttled");
  assertEquals(budget.admit(100), "ok", "0.1 s refills one token at 10/s");
  assertEquals(budget.admit(100), "throttled");
  const chat = sessionBudget(LIMITS, 0);
  const chats = Array.from({ length: 5 }, () => chat.admitClass("chat", 0));
  assertEquals(chats, ["ok", "ok", "ok", "ok", "throttled"]);
  assertEquals(chat.admitClass("movement", 0), "ok", "buckets are per class");
});

Deno.test("budget: excess drains at the total rate; only a sustained flood is a flood", () => {
  const budget = sessionBudget(LIMITS, 0);
  for (let i = 0; i < 20; i++) budget.admit(0);
  // 30 dropped packets are tolerated...
  const dropped = Array.from({ length: 30 }, () => budget.admit(0));
  assertEquals(dropped.every((v) => v === "throttled"), true);
  // ...the 31st at the same instant is a flood.
  assertEquals(budget.admit(0), "flood");
  // An honest client a little over budget now and then never gets there: excess drains at 10/s.
  const steady = sessionBudget(LIMITS, 0);
  let flood = false;
  for (let t = 0; t < 60_000; t += 50) if (steady.admit(t) === "flood") flood = true; // 20/s, twice the rate
  assertEquals(flood, true, "twice the rate for a minute is a flood");
  const polite = sessionBudget(LIMITS, 0);
  const verdicts = new Set<string>();
  for (let t = 0; t < 60_000; t += 110) verdicts.add(polite.admit(t)); // just under the rate
  assertEquals([...verdicts], ["ok"]);
});

Deno.test("packet classes: movement and chat handlers by the reference's names; everything else is other", () => {
  assertEquals(
    ["CharacterMoveHandle", "MonsterMovementHandle", "CharacterChatGeneralHandle", "CharacterChatMultiHandle"]
      .map(packetClassOf),
    ["movement", "movement", "chat", "chat"],
  );
  assertEquals(packetClassOf("NPCStartConversationHandle"), "other");
  assertEquals(DEFAULT_PACKET_LIMITS.chatPerSecond < DEFAULT_PACKET_LIMITS.movementPerSecond, true);
});

async function dispatcher(now: () => number) {
  const text = await Deno.readTextFile(
    new URL("../../../shared/reference/templates/template_gms_83_1.json", import.meta.url),
  );
  const config = parseTenantAttributes(JSON.parse(text), { id: crypto.randomUUID(), source: "gms_83" });
  type S = { id: string; accountId?: number; closed: string[]; close(reason: string): void };
  const handled: string[] = [];
  const registry = {
    CharacterMoveHandle: () => void handled.push("move"),
    CharacterChatGeneralHandle: () => void handled.push("chat"),
  };
  const { tables } = buildOpcodeTables<S, ReturnType<typeof packetReader>>(config, registry, []);
  const outcomes: DispatchOutcome[] = [];
  const dispatch = createDispatcher<S, ReturnType<typeof packetReader>>(tables, {
    newReader: packetReader,
    isLoggedIn: () => true,
    limits: LIMITS,
    now,
    onOutcome: (_s, outcome) => outcomes.push(outcome),
  });
  const closed: string[] = [];
  const session: S = { id: "s", accountId: 1, closed, close: (reason) => void closed.push(reason) };
  return { dispatch, session, handled, outcomes, closed };
}

Deno.test("dispatch with limits: chat over its class budget is throttled while movement still passes", async () => {
  const { dispatch, session, handled, outcomes } = await dispatcher(() => 0);
  const chat = Uint8Array.of(0x31, 0x00);
  const move = Uint8Array.of(0x29, 0x00);
  for (let i = 0; i < 5; i++) await dispatch(session, chat);
  await dispatch(session, move);
  assertEquals(handled, ["chat", "chat", "chat", "chat", "move"]);
  assertEquals(outcomes, ["handled", "handled", "handled", "handled", "throttled", "handled"]);
});

Deno.test("dispatch with limits: a flood is throttled first, then the session is closed as a flood", async () => {
  const { dispatch, session, outcomes, closed } = await dispatcher(() => 0);
  const unknown = Uint8Array.of(0xfe, 0x7f); // no client sends this opcode
  for (let i = 0; i < 60; i++) await dispatch(session, unknown);
  assertEquals(outcomes.slice(0, 20).every((o) => o === "unknown-opcode"), true);
  assertEquals(outcomes.slice(20, 50).every((o) => o === "throttled"), true);
  assertEquals(outcomes[50], "flood");
  assertEquals(closed[0], "flood");
});

Deno.test("dispatch: an opcode the template names but nothing implements is 'unimplemented', not unknown", async () => {
  const { dispatch, session, outcomes } = await dispatcher(() => 0);
  await dispatch(session, Uint8Array.of(0x3a, 0x00)); // NPCStartConversationHandle, not registered here
  await dispatch(session, Uint8Array.of(0xfe, 0x7f));
  assertEquals(outcomes, ["unimplemented", "unknown-opcode"]);
});
