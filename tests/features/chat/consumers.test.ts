/**
 * `EVENT_TOPIC_CHARACTER_CHAT` routing (kafka-consumed.md §2.10): every event type reaches exactly the
 * sessions the reference targets, over real sessions and a real presence index; events of channels or
 * tenants this process does not serve reach nobody.
 */
import { routeChatEvent } from "../../../src/features/chat/consumers.ts";
import { cachedSpeaker, rememberPendingWhisper } from "../../../src/features/chat/targets.ts";
import type { ChatEvent } from "../../../src/features/chat/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import { delivery, OTHER_TENANT, routingWorld, TENANT } from "./routing-support.ts";

const HENESYS = 100000000;
const ELLINIA = 101000000;
const envelope = { worldId: 0, channelId: 1, mapId: HENESYS, actorId: 30071 };

async function cast() {
  const world = routingWorld();
  const ann = await world.player(30071, "Ann", HENESYS, { gm: true });
  const bob = await world.player(30112, "Bob", HENESYS);
  const cat = await world.player(30140, "Cat", ELLINIA);
  const otherChannel = await world.player(30150, "Dan", HENESYS, { channelId: 2 });
  const otherTenant = await world.player(30112, "Eve", HENESYS, { tenant: OTHER_TENANT });
  const route = (event: ChatEvent, tenant = TENANT) =>
    routeChatEvent(world.ctx, cachedSpeaker, delivery(event, tenant));
  return { world, ann, bob, cat, otherChannel, otherTenant, route };
}

Deno.test("GENERAL: everyone in the sender's map on this channel, sender included, with the cached GM flag", async () => {
  const { world, ann, bob, cat, otherChannel, otherTenant, route } = await cast();
  try {
    const sent = await route({ ...envelope, message: "hi", type: "GENERAL", body: { balloonOnly: false } });
    assertEquals(sent, 2);
    const packet = "CharacterChatGeneral:77750000" + "01" + "02006869" + "00";
    assertEquals(world.to(ann), [packet]);
    assertEquals(world.to(bob), [packet]);
    assertEquals([world.to(cat), world.to(otherChannel), world.to(otherTenant)], [[], [], []]);
  } finally {
    await world.close();
  }
});

Deno.test("multi-chat: each listed recipient on any channel of the world here, with the sender's cached name and the type's mode", async () => {
  const { world, ann, bob, cat, otherChannel, otherTenant, route } = await cast();
  try {
    const recipients = [30112, 30140, 30150, 99999, 30112];
    assertEquals(await route({ ...envelope, message: "omw", type: "PARTY", body: { recipients } }), 3);
    assertEquals(await route({ ...envelope, message: "x", type: "BUDDY", body: { recipients: [30140] } }), 1);
    assertEquals(await route({ ...envelope, message: "x", type: "GUILD", body: { recipients: [30140] } }), 1);
    assertEquals(
      await route({ ...envelope, message: "x", type: "ALLIANCE", body: { recipients: [30140] } }),
      1,
    );
    assertEquals(world.to(bob), ["CharacterChatMulti:01" + "0300416e6e" + "03006f6d77"]);
    assertEquals(world.to(cat), [
      "CharacterChatMulti:01" + "0300416e6e" + "03006f6d77",
      "CharacterChatMulti:00" + "0300416e6e" + "010078",
      "CharacterChatMulti:02" + "0300416e6e" + "010078",
      "CharacterChatMulti:03" + "0300416e6e" + "010078",
    ]);
    assertEquals(world.to(otherChannel), ["CharacterChatMulti:01" + "0300416e6e" + "03006f6d77"]);
    assertEquals([world.to(ann), world.to(otherTenant)], [[], []]);
  } finally {
    await world.close();
  }
});

Deno.test("WHISPER: success to the sender (recipient's name), receipt to the recipient (sender, channel, GM, text)", async () => {
  const { world, ann, bob, cat, otherTenant, route } = await cast();
  try {
    rememberPendingWhisper(ann, "bob");
    assertEquals(
      await route({ ...envelope, message: "psst", type: "WHISPER", body: { recipient: 30112 } }),
      2,
    );
    assertEquals(world.to(ann), ["CharacterChatWhisper:0a" + "0300426f62" + "01"]);
    assertEquals(world.to(bob), ["CharacterChatWhisper:12" + "0300416e6e" + "01" + "01" + "040070737374"]);
    assertEquals([world.to(cat), world.to(otherTenant)], [[], []]);
  } finally {
    await world.close();
  }
});

Deno.test("WHISPER: a recipient on another channel here gets it (with the sender's channel); the sender hears 'sent'", async () => {
  const { world, ann, otherChannel, route } = await cast();
  try {
    rememberPendingWhisper(ann, "dan");
    assertEquals(
      await route({ ...envelope, message: "psst", type: "WHISPER", body: { recipient: 30150 } }),
      2,
    );
    assertEquals(world.to(ann), ["CharacterChatWhisper:0a" + "030044616e" + "01"]);
    assertEquals(world.to(otherChannel), [
      "CharacterChatWhisper:12" + "0300416e6e" + "01" + "01" + "040070737374",
    ]);
  } finally {
    await world.close();
  }
});

Deno.test("WHISPER: an offline recipient → the sender is told it was not sent (with the name it typed)", async () => {
  const { world, ann, route } = await cast();
  try {
    rememberPendingWhisper(ann, "Zed");
    assertEquals(
      await route({ ...envelope, message: "psst", type: "WHISPER", body: { recipient: 99999 } }),
      1,
    );
    assertEquals(world.to(ann), ["CharacterChatWhisper:0a" + "03005a6564" + "00"]);
    // Nothing pending any more: a second such event sends nothing.
    assertEquals(
      await route({ ...envelope, message: "psst", type: "WHISPER", body: { recipient: 99999 } }),
      0,
    );
  } finally {
    await world.close();
  }
});

Deno.test("MESSENGER: the CHAT form of MessengerOperation to each recipient here, and no mode-99 multi-chat", async () => {
  const { world, ann, bob, cat, route } = await cast();
  try {
    assertEquals(
      await route({ ...envelope, message: "gg", type: "MESSENGER", body: { recipients: [30112, 30140] } }),
      2,
    );
    assertEquals(world.to(bob), ["MessengerOperation:06" + "02006767"]);
    assertEquals(world.to(cat), ["MessengerOperation:06" + "02006767"]);
    assertEquals(world.to(ann), []);
  } finally {
    await world.close();
  }
});

Deno.test("PET: PetChat to everyone in the owner's map (owner included); the actor is the pet id", async () => {
  const { world, ann, bob, cat, otherChannel, route } = await cast();
  try {
    const body = { ownerId: 30071, petSlot: 0, type: 1, action: 3, balloon: false };
    assertEquals(await route({ ...envelope, actorId: 700001, message: "*yip*", type: "PET", body }), 2);
    const packet = "PetChat:77750000" + "00" + "01" + "03" + "05002a7969702a" + "00";
    assertEquals(world.to(ann), [packet]);
    assertEquals(world.to(bob), [packet]);
    assertEquals([world.to(cat), world.to(otherChannel)], [[], []]);
    // An owner not on this channel: nobody.
    assertEquals(
      await route({
        ...envelope,
        actorId: 700002,
        message: "x",
        type: "PET",
        body: { ...body, ownerId: 30150 },
      }),
      0,
    );
  } finally {
    await world.close();
  }
});

Deno.test("PINK_TEXT: WorldMessage 'name : text' to each recipient here; an unknown sender gives just the text", async () => {
  const { world, bob, cat, route } = await cast();
  try {
    assertEquals(
      await route({ ...envelope, message: "go", type: "PINK_TEXT", body: { recipients: [30112] } }),
      1,
    );
    assertEquals(
      await route({
        ...envelope,
        actorId: 5,
        message: "go",
        type: "PINK_TEXT",
        body: { recipients: [30140] },
      }),
      1,
    );
    assertEquals(world.to(bob), ["WorldMessage:05" + "0800416e6e203a20676f"]);
    assertEquals(world.to(cat), ["WorldMessage:05" + "0200676f"]);
  } finally {
    await world.close();
  }
});

Deno.test("server match: another tenant's or an unserved channel's events reach nobody; the other tenant's own do", async () => {
  const { world, otherTenant, route } = await cast();
  try {
    const general = { ...envelope, message: "hi", type: "GENERAL", body: { balloonOnly: false } } as const;
    assertEquals(await route({ ...general, channelId: 3 }), 0);
    assertEquals(await route({ ...general, worldId: 1 }), 0);
    assertEquals(await route(general, { ...TENANT, minorVersion: 2 }), 0);
    assertEquals(world.sent.length, 0);
    // On the other tenant, character 30112 is Eve; she speaks and hears herself.
    assertEquals(await route({ ...general, actorId: 30112 }, OTHER_TENANT), 1);
    assertEquals(world.to(otherTenant), ["CharacterChatGeneral:a0750000" + "00" + "02006869" + "00"]);
  } finally {
    await world.close();
  }
});

Deno.test("a speaker who is not on this channel: general and multi chat are dropped", async () => {
  const { world, route } = await cast();
  try {
    const away = { ...envelope, actorId: 424242 };
    assertEquals(await route({ ...away, message: "hi", type: "GENERAL", body: { balloonOnly: false } }), 0);
    assertEquals(await route({ ...away, message: "hi", type: "PARTY", body: { recipients: [30112] } }), 0);
    assertEquals(world.sent.length, 0);
  } finally {
    await world.close();
  }
});
