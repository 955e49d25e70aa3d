/**
 * Notes end to end on the real broker: unread notes after login (`SHOW`), `NoteOperationHandle`
 * `SEND` / `DISCARD` / `REQUEST` → commands (exact JSON, keys, headers) and answers, and
 * `EVENT_TOPIC_NOTE_STATUS` `CREATED` → `REFRESH` for the recipient only. Bytes are written out from
 * libs/atlas-packet note (d59a1ad2df); codes are GMS 83's.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import { noteCommandContract, noteStatusContract } from "../../../src/features/note/messages.ts";
import { buddyListStatusContract } from "../../../src/features/buddy/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const str = (s: string) => s.length.toString(16).padStart(2, "0") + "00" + ascii(s);
// 2026-01-14T21:10:00Z as FILETIME: (1768425000 s · 10^7 + 116444736000000000) little-endian.
const SENT_AT = "00049d249a85dc01";

function notesDoc(notes: { id: number; owner: number; sender: number; message: string; flag: number }[]) {
  return {
    data: notes.map((n) => ({
      type: "notes",
      id: String(n.id),
      attributes: {
        characterId: n.owner,
        senderId: n.sender,
        message: n.message,
        flag: n.flag,
        timestamp: "2026-01-14T21:10:00Z",
      },
    })),
  };
}

Deno.test(integration("note e2e: notes at login, send/discard/request, CREATED → REFRESH", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const op = field.writerOpcode("NoteOperation");
    const note77 = { id: 77, owner: 1001, sender: 1002, message: "gg", flag: 0 };
    const note78 = { id: 78, owner: 1001, sender: 999, message: "hi", flag: 1 };
    field.rest.on("GET", "characters/1001/notes", { json: notesDoc([note77, note78]) });
    field.rest.on("GET", "notes/77", { json: { data: notesDoc([note77]).data[0] } });
    field.rest.on("GET", "notes/78", { json: { data: notesDoc([note78]).data[0] } });
    field.rest.on("GET", "notes/80", {
      json: { data: notesDoc([{ ...note77, id: 80, owner: 2001 }]).data[0] },
    });

    const aria = await field.login(1001);
    // Brin (1002) is offline: named over REST; sender 999 is unknown → "Unknown".
    const shown = "03" + "02" +
      "4d000000" + str("Brin ") + str("gg") + SENT_AT + "00" +
      "4e000000" + str("Unknown ") + str("hi") + SENT_AT + "01";
    assertEquals(hex(await receiveOpcode(aria.client, op, { what: "notes after login" })), shown);
    const cody = await field.login(2001); // no notes: nothing shown
    const evie = await field.login(5001, { otherTenant: true });

    await aria.client.send(
      field.packet("NoteOperationHandle", (w) => w.byte(0).string("Cody").string("see you")),
    );
    const create = await field.expectCommand(noteCommandContract, (c) => c.value.type === "CREATE");
    assertEquals(
      create.raw,
      '{"characterId":2001,"type":"CREATE","body":{"senderId":1001,"message":"see you","flag":1}}',
    );
    assertEquals([create.keyId, create.headers.TENANT_ID], [1001, field.tenant.id]);
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(create.headers.traceparent ?? ""), "traceparent");
    assertEquals(hex(await receiveOpcode(aria.client, op)), "04");
    await aria.client.send(
      field.packet("NoteOperationHandle", (w) => w.byte(0).string("Nobody").string("?")),
    );
    assertEquals(hex(await receiveOpcode(aria.client, op)), "05" + "01");

    // Discards: a changed flag, someone else's note and a truncated packet produce nothing.
    const discard = (entries: [number, number][]) =>
      field.packet("NoteOperationHandle", (w) => {
        w.byte(1).byte(entries.length).byte(0).byte(0);
        for (const [id, flag] of entries) w.uint32(id).byte(flag);
      });
    await aria.client.send(discard([[77, 1]]));
    await aria.client.send(discard([[80, 0]]));
    await aria.client.send(
      field.packet("NoteOperationHandle", (w) => w.byte(1).byte(2).byte(0).byte(0).uint32(77)),
    );
    await aria.client.send(discard([[77, 0], [78, 1]]));
    const discarded = await field.expectCommand(noteCommandContract, (c) => c.value.type === "DISCARD");
    assertEquals(discarded.raw, '{"characterId":1001,"type":"DISCARD","body":{"noteIds":[77,78]}}');
    assertEquals(discarded.keyId, 1001);
    assertEquals(field.captured(noteCommandContract).length, 2);

    await aria.client.send(field.packet("NoteOperationHandle", (w) => w.byte(2)));
    assertEquals(hex(await receiveOpcode(aria.client, op)), shown);

    // CREATED → REFRESH for the recipient only (Cody), not Aria, not the other tenant's Evie.
    const created = (characterId: number) => ({
      characterId,
      type: "CREATED" as const,
      body: { noteId: 90, senderId: 1001, message: "see you", flag: 1, time: "2026-01-14T21:10:00Z" },
    });
    await field.publishEvent(noteStatusContract, created(2001));
    assertEquals(hex(await receiveOpcode(cody.client, op)), "07");
    // Sentinels: a buddy-list event each must see after the notes that were not theirs.
    const buddyOp = field.writerOpcode("BuddyOperation");
    const capacity = (characterId: number) => ({
      worldId: 0,
      characterId,
      type: "CAPACITY_CHANGE" as const,
      body: { capacity: 30 },
    });
    await field.publishEvent(noteStatusContract, created(5001));
    await field.publishEvent(buddyListStatusContract, capacity(1001));
    await field.publishEvent(buddyListStatusContract, capacity(5001), { tenant: field.otherTenant });
    await expectNoneBefore(
      aria.client,
      (p) => p.opcode === op,
      (p) => p.opcode === buddyOp && p.body[1] === 30,
      "aria got another's note refresh",
    );
    await expectNoneBefore(
      evie.client,
      (p) => p.opcode === op,
      (p) => p.opcode === buddyOp && p.body[1] === 30,
      "evie got the main tenant's note refresh",
    );
  } finally {
    await field.stop();
  }
}));
