import { TOPIC_VARIABLES, type TopicVariable } from "../../src/config/topics.ts";
import type { TopicContract, TopicDirection } from "../../src/kafka/contract.ts";
import { allContracts, contractsOf, messageModules } from "../support/contracts.ts";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";

/** Every contract of every src/features/*\/messages.ts. */
const ALL_CONTRACTS = await allContracts();

/**
 * Topics the reference channel consumes: kafka-consumed.md §0 (38 topics), plus
 * `EVENT_TOPIC_SESSION_STATUS`, which we also consume (reference README, decision 1).
 */
const REFERENCE_CONSUMED: readonly TopicVariable[] = [
  "EVENT_TOPIC_ACCOUNT_STATUS",
  "EVENT_TOPIC_ACCOUNT_SESSION_STATUS",
  "EVENT_TOPIC_CHARACTER_STATUS",
  "EVENT_TOPIC_MAP_STATUS",
  "EVENT_TOPIC_ASSET_STATUS",
  "EVENT_TOPIC_COMPARTMENT_STATUS",
  "EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS",
  "EVENT_TOPIC_CHAIR_STATUS",
  "EVENT_TOPIC_CHALKBOARD_STATUS",
  "EVENT_TOPIC_CHARACTER_CHAT",
  "EVENT_TOPIC_DROP_STATUS",
  "EVENT_TOPIC_MONSTER_STATUS",
  "EVENT_TOPIC_FAME_STATUS",
  "EVENT_TOPIC_CONSUMABLE_STATUS",
  "EVENT_TOPIC_EXPRESSION",
  "EVENT_TOPIC_CASH_SHOP_STATUS",
  "EVENT_TOPIC_NOTE_STATUS",
  "EVENT_TOPIC_TRANSPORT_STATUS",
  "EVENT_TOPIC_STORAGE_STATUS",
  "EVENT_TOPIC_BUDDY_LIST_STATUS",
  "EVENT_TOPIC_CHARACTER_BUFF_STATUS",
  "COMMAND_TOPIC_CHANNEL_STATUS",
  "COMMAND_TOPIC_GUILD",
  "EVENT_TOPIC_GUILD_STATUS",
  "EVENT_TOPIC_GUILD_THREAD_STATUS",
  "EVENT_TOPIC_INVITE_STATUS",
  "EVENT_TOPIC_MESSENGER_STATUS",
  "COMMAND_TOPIC_NPC_CONVERSATION",
  "EVENT_TOPIC_NPC_SHOP_STATUS",
  "EVENT_TOPIC_PARTY_STATUS",
  "EVENT_TOPIC_PARTY_MEMBER_STATUS",
  "EVENT_TOPIC_PET_STATUS",
  "EVENT_TOPIC_QUEST_STATUS",
  "EVENT_TOPIC_REACTOR_STATUS",
  "EVENT_TOPIC_SAGA_STATUS",
  "EVENT_TOPIC_SKILL_STATUS",
  "COMMAND_TOPIC_STORAGE_SHOW",
  "COMMAND_TOPIC_SYSTEM_MESSAGE",
  "EVENT_TOPIC_SESSION_STATUS",
];

/**
 * Topics the reference channel produces: kafka-produced.md §3 rows 1–36 without the three it only
 * consumes (rows 20, 33, 34), plus A1 and A2.
 */
const REFERENCE_PRODUCED: readonly TopicVariable[] = [
  "COMMAND_TOPIC_ACCOUNT_SESSION",
  "COMMAND_TOPIC_CHARACTER",
  "COMMAND_TOPIC_CHARACTER_MOVEMENT",
  "COMMAND_TOPIC_MONSTER_MOVEMENT",
  "COMMAND_TOPIC_PET_MOVEMENT",
  "COMMAND_TOPIC_PORTAL",
  "COMMAND_TOPIC_EXPRESSION",
  "COMMAND_TOPIC_CHARACTER_CHAT",
  "COMMAND_TOPIC_BUDDY_LIST",
  "COMMAND_TOPIC_PARTY",
  "COMMAND_TOPIC_GUILD",
  "COMMAND_TOPIC_GUILD_THREAD",
  "COMMAND_TOPIC_MESSENGER",
  "COMMAND_TOPIC_FAME",
  "COMMAND_TOPIC_CHAIR",
  "COMMAND_TOPIC_CHALKBOARD",
  "COMMAND_TOPIC_DROP",
  "COMMAND_TOPIC_MONSTER",
  "COMMAND_TOPIC_NPC",
  "COMMAND_TOPIC_NPC_SHOP",
  "COMMAND_TOPIC_SKILL",
  "COMMAND_TOPIC_CHARACTER_BUFF",
  "COMMAND_TOPIC_SKILL_MACRO",
  "COMMAND_TOPIC_CONSUMABLE",
  "COMMAND_TOPIC_PET",
  "COMMAND_TOPIC_COMPARTMENT",
  "COMMAND_TOPIC_COMPARTMENT_TRANSFER",
  "COMMAND_TOPIC_CASH_SHOP",
  "COMMAND_TOPIC_NOTE",
  "COMMAND_TOPIC_INVITE",
  "COMMAND_TOPIC_QUEST_CONVERSATION",
  "COMMAND_TOPIC_STORAGE",
  "COMMAND_TOPIC_SAGA",
  "EVENT_TOPIC_SESSION_STATUS",
  "EVENT_TOPIC_CASH_SHOP_STATUS",
];

/**
 * Topic variables with no contract, each with the reason. Empty at this revision: every variable in
 * `TOPIC_VARIABLES` is one the reference consumes or produces, and every such topic has a contract.
 * A variable added to `TOPIC_VARIABLES` without a contract must be listed here with its reason.
 */
const EXPECTED_WITHOUT_CONTRACT: readonly TopicVariable[] = [];

/** The direction the reference lists imply for a variable, or undefined when it uses the topic not at all. */
function referenceDirection(variable: TopicVariable): TopicDirection | undefined {
  const consumed = REFERENCE_CONSUMED.includes(variable);
  const produced = REFERENCE_PRODUCED.includes(variable);
  if (consumed && produced) return "both";
  if (consumed) return "consumed";
  if (produced) return "produced";
  return undefined;
}

function byVariable(contracts: readonly TopicContract[]): Map<TopicVariable, TopicContract[]> {
  const map = new Map<TopicVariable, TopicContract[]>();
  for (const contract of contracts) {
    map.set(contract.variable, [...(map.get(contract.variable) ?? []), contract]);
  }
  return map;
}

/** Topic variables declared by two or more different contract objects (the same object twice is fine). */
function duplicateTopics(contracts: readonly TopicContract[]): TopicVariable[] {
  return [...byVariable([...new Set(contracts)])].filter(([, declared]) => declared.length > 1).map(([v]) =>
    v
  );
}

Deno.test("contracts: the reference lists have no duplicates and name only topic variables", () => {
  assertEquals(REFERENCE_CONSUMED.length, 39);
  assertEquals(REFERENCE_PRODUCED.length, 35);
  for (const list of [REFERENCE_CONSUMED, REFERENCE_PRODUCED]) {
    assertEquals(new Set(list).size, list.length);
    for (const variable of list) assertTrue(TOPIC_VARIABLES.includes(variable), variable);
  }
});

Deno.test("contracts: every messages.ts declares contracts, each object once", async () => {
  const modules = await messageModules();
  assertTrue(Object.keys(modules).length > 0, "no messages.ts found");
  for (const [domain, module] of Object.entries(modules)) {
    assertTrue(contractsOf(module).length > 0, `${domain}/messages.ts declares no contract`);
  }
  assertEquals(ALL_CONTRACTS.length, new Set(ALL_CONTRACTS).size, "a contract object is listed twice");
});

Deno.test("contracts: every topic the reference uses has exactly one contract, with its direction", () => {
  const contracts = byVariable(ALL_CONTRACTS);
  assertEquals(duplicateTopics(ALL_CONTRACTS), []);
  for (const variable of contracts.keys()) {
    assertTrue(TOPIC_VARIABLES.includes(variable), `${variable} is not a topic variable`);
    assertTrue(referenceDirection(variable) !== undefined, `${variable} has a contract but no reference use`);
  }
  for (const variable of TOPIC_VARIABLES) {
    const direction = referenceDirection(variable);
    if (direction === undefined) continue;
    const declared = contracts.get(variable);
    if (!declared) fail(`${variable} (${direction} by the reference) has no contract`);
    assertEquals(declared[0].direction, direction, variable);
  }
});

Deno.test("contracts: every produced or both-way contract says how its message is keyed", () => {
  for (const contract of ALL_CONTRACTS) {
    if (contract.direction === "consumed") continue;
    assertTrue(typeof contract.keyOf === "function", `${contract.variable} is produced but has no keyOf`);
  }
});

Deno.test("contracts: the topic variables without a contract are exactly the expected ones", () => {
  const covered = new Set(ALL_CONTRACTS.map((contract) => contract.variable));
  const without = TOPIC_VARIABLES.filter((variable) => !covered.has(variable));
  assertEquals(without, [...EXPECTED_WITHOUT_CONTRACT]);
  for (const variable of EXPECTED_WITHOUT_CONTRACT) {
    assertEquals(referenceDirection(variable), undefined, `${variable} is used by the reference`);
  }
});

Deno.test("contracts: a second contract object for a topic is a duplicate; the same object twice is not", () => {
  const [first] = ALL_CONTRACTS;
  assertEquals(duplicateTopics([...ALL_CONTRACTS, { ...first }]), [first.variable]);
  assertEquals(duplicateTopics([...ALL_CONTRACTS, first]), []);
});
