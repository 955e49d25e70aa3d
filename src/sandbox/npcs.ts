/**
 * The sandbox's NPC content: the shops atlas-npc-shops serves (`npcs/{id}/shop?include=commodities`) and
 * the scripts the NPC-conversation responder plays. The NPCs stand in the maps of `world.ts`: Maple
 * Administrator (9010000, object 1000) and Athena Pierce (1012100, object 1001, a shop) in Henesys,
 * Maya's Friend (1012101) in the hunting ground, Grendel the Really Old (1032001) in Ellinia.
 * @module
 */
import type { Document } from "./documents.ts";

/** One item for sale (atlas-npc-shops `commodities` attributes). */
export interface SandboxCommodity {
  templateId: number;
  mesoPrice: number;
  unitPrice: number;
  slotMax: number;
  levelLimit: number;
}

/** Shops by NPC template id. */
export const SANDBOX_SHOPS: Readonly<Record<number, readonly SandboxCommodity[]>> = Object.freeze({
  1012100: [
    { templateId: 2000000, mesoPrice: 50, unitPrice: 0, slotMax: 100, levelLimit: 0 }, // Red Potion
    { templateId: 2000003, mesoPrice: 200, unitPrice: 0, slotMax: 100, levelLimit: 0 }, // Blue Potion
    { templateId: 2060000, mesoPrice: 1, unitPrice: 0, slotMax: 1000, levelLimit: 0 }, // Arrow for Bow
    { templateId: 2070000, mesoPrice: 500, unitPrice: 1, slotMax: 800, levelLimit: 10 }, // Subi Throwing-Stars
  ],
});

const commodityId = (npcId: number, index: number) =>
  `c0000000-0000-4000-8000-${String(npcId).padStart(8, "0")}${String(index).padStart(4, "0")}`;

/** `npcs/{id}/shop?include=commodities` (rest-contract.md §3.26), or undefined when the NPC has no shop. */
export function shopDoc(npcId: number): Document | undefined {
  const commodities = SANDBOX_SHOPS[npcId];
  if (!commodities) return undefined;
  const resources = commodities.map((c, i) => ({
    type: "commodities",
    id: commodityId(npcId, i),
    attributes: {
      id: commodityId(npcId, i),
      templateId: c.templateId,
      mesoPrice: c.mesoPrice,
      discountRate: 0,
      tokenTemplateId: 0,
      tokenPrice: 0,
      period: 0,
      levelLimit: c.levelLimit,
      unitPrice: c.unitPrice,
      slotMax: c.slotMax,
    },
  }));
  return {
    data: {
      type: "shops",
      id: `shop-${npcId}`,
      attributes: { id: `shop-${npcId}`, npcId, recharger: true },
      relationships: { commodities: { data: resources.map(({ type, id }) => ({ type, id })) } },
    },
    included: resources,
  };
}

/** What the player answered: the client's action byte and selection (menu index, number). */
export interface Answer {
  action: number;
  selection: number;
}

/** One state of a script: the dialogue it shows and where an answer leads (undefined: the end). */
export type ScriptState =
  | {
    type: "SIMPLE";
    kind: "NEXT" | "PREVIOUS" | "NEXT_PREVIOUS" | "OK" | "YES_NO" | "SIMPLE" | "ACCEPT_DECLINE";
    message: string;
    next?: (answer: Answer) => string | undefined;
  }
  | {
    type: "NUMBER";
    message: string;
    defaultValue: number;
    minValue: number;
    maxValue: number;
    next?: (answer: Answer) => string | undefined;
  }
  | { type: "STYLE"; message: string; styles: number[]; next?: (answer: Answer) => string | undefined }
  | { type: "TEXT"; message: string; next?: (answer: Answer) => string | undefined };

/** A state and what showing it does. */
export type ScriptStep = ScriptState & { effect?: ScriptEffect };

/** What showing a state also does (an operation of atlas-npc-conversations' state machines). */
export type ScriptEffect = "START_QUEST" | "COMPLETE_QUEST";

/** A script: its states by name, starting at `start`. */
export interface SandboxScript {
  readonly states: Readonly<Record<string, ScriptStep>>;
}

/** The client's "end chat" action (the dialogue was closed). */
export const END_CHAT = 0xff;

/** Scripts by NPC template id, answered as atlas-npc-conversations plays its state machines. */
export const SANDBOX_SCRIPTS: Readonly<Record<number, SandboxScript>> = Object.freeze({
  9010000: {
    states: {
      start: {
        type: "SIMPLE",
        kind: "NEXT",
        message: "Welcome to the world in a box!",
        next: (a) => (a.action === 1 ? "menu" : undefined),
      },
      menu: {
        type: "SIMPLE",
        kind: "SIMPLE",
        message:
          "What would you like to know?\r\n#L0#Where to shop#l\r\n#L1#A number game#l\r\n#L2#Nothing#l",
        next: (
          a,
        ) => (a.action !== 1
          ? undefined
          : a.selection === 0
          ? "shop"
          : a.selection === 1
          ? "number"
          : undefined),
      },
      shop: { type: "SIMPLE", kind: "OK", message: "Athena Pierce, right here in Henesys, sells potions." },
      number: {
        type: "NUMBER",
        message: "Pick a number from 1 to 10.",
        defaultValue: 5,
        minValue: 1,
        maxValue: 10,
        next: (a) => (a.action === 1 ? (a.selection === 7 ? "lucky" : "picked") : undefined),
      },
      lucky: { type: "SIMPLE", kind: "OK", message: "Seven! Lucky you." },
      picked: { type: "SIMPLE", kind: "OK", message: "Not my number, but thanks for playing." },
    },
  },
  1012101: {
    states: {
      start: {
        type: "TEXT",
        message: "What should I call you?",
        next: (a) => (a.action === 1 ? "thanks" : undefined),
      },
      thanks: { type: "SIMPLE", kind: "OK", message: "Nice to meet you!" },
    },
  },
  1032001: {
    states: {
      start: {
        type: "SIMPLE",
        kind: "YES_NO",
        message: "Do you want to study magic?",
        next: (a) => (a.action === 1 ? "yes" : a.action === 0 ? "no" : undefined),
      },
      yes: { type: "SIMPLE", kind: "OK", message: "Come back when you are level 8." },
      no: { type: "SIMPLE", kind: "OK", message: "Suit yourself." },
    },
  },
});

/** The sandbox quest: an errand for the Maple Administrator. */
export const SANDBOX_QUEST_ID = 1000;

/**
 * Quest conversations by quest id and the quest's state for the character (not started, started,
 * completed), as atlas-npc-conversations picks the start or the end state machine of a quest.
 */
export const SANDBOX_QUEST_SCRIPTS: Readonly<
  Record<number, Readonly<Record<"NOT_STARTED" | "STARTED" | "COMPLETED", SandboxScript>>>
> = Object.freeze({
  [SANDBOX_QUEST_ID]: {
    NOT_STARTED: {
      states: {
        start: {
          type: "SIMPLE",
          kind: "ACCEPT_DECLINE",
          message: "Will you run a small errand for me?",
          next: (a) => (a.action === 1 ? "accepted" : undefined),
        },
        accepted: {
          type: "SIMPLE",
          kind: "OK",
          message: "Thank you! Come back when it is done.",
          effect: "START_QUEST",
        },
      },
    },
    STARTED: {
      states: {
        start: {
          type: "SIMPLE",
          kind: "YES_NO",
          message: "Is the errand done?",
          next: (a) => (a.action === 1 ? "done" : undefined),
        },
        done: { type: "SIMPLE", kind: "OK", message: "Well done!", effect: "COMPLETE_QUEST" },
      },
    },
    COMPLETED: {
      states: { start: { type: "SIMPLE", kind: "OK", message: "Thanks again for your help." } },
    },
  },
});
