/**
 * A scripted player on the headless client: it logs in as a character (CharacterLoggedIn, then waits for
 * SetField), and walks, chats, emotes and takes portals, naming every packet it sends and receives by the
 * tenant's handler and writer names. Tests drive the steps one by one and assert on {@link Bot.received};
 * the CLI (`main.ts`) runs a script of steps for one or many bots.
 *
 * ```ts
 * const bot = await connectBot({ port: 8585, characterId: 1001 });
 * await bot.login();
 * await bot.walk(3);
 * const spawn = await bot.waitFor("CharacterSpawn", (p) => p.characterId === 2001);
 * bot.close();
 * ```
 * @module
 */
import { connectClient, type HeadlessClient } from "../client/client.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "../features/movement/path.ts";
import { packetReader } from "../protocol/reader.ts";
import { type PacketWriter, packetWriter } from "../protocol/writer.ts";
import { NEXT_PORTAL } from "../sandbox/world.ts";
import { type OpcodeTable, opcodeTable, opcodeText } from "./opcodes.ts";

/** A packet the bot received, decoded as far as the bot understands it. */
export interface ReceivedPacket {
  /** `performance.now()` at receipt. */
  at: number;
  opcode: number;
  /** Writer name (or `0xNN`). */
  name: string;
  /** Body after the opcode. */
  body: Uint8Array;
  /** The character a spawn, despawn, movement, chat line or emote is about. */
  characterId?: number;
  /** General chat text. */
  message?: string;
  /** SetField: the map of a warp (a login SetField carries the whole character; its map is not read). */
  mapId?: number;
  /** SetField: true for the login variant (character data included). */
  login?: boolean;
  /** One-line description for the log. */
  summary: string;
}

/** Options of {@link connectBot}. */
export interface BotOptions {
  hostname?: string;
  port: number;
  characterId: number;
  /** Opcode table; default the sandbox tenant's. */
  opcodes?: OpcodeTable;
  /** Where the bot prints what it sends and receives; default nothing. */
  log?: (line: string) => void;
  /** Default wait for expected packets; default 5000 ms. */
  timeoutMs?: number;
}

/** A connected bot; see the module documentation. */
export interface Bot {
  readonly characterId: number;
  readonly client: HeadlessClient;
  /** Every packet received so far, in order. */
  readonly received: readonly ReceivedPacket[];
  /** Handler names sent, in order, with `performance.now()` times. */
  readonly sent: readonly { name: string; at: number }[];
  /** The map of the last warp SetField, or the start map given to {@link Bot.login}. */
  readonly mapId: number | undefined;
  /** Sends CharacterLoggedIn and waits for SetField; `startMapId` is recorded as the current map. */
  login(startMapId?: number): Promise<ReceivedPacket>;
  /** Sends `steps` movement packets (one NORMAL element each), `intervalMs` apart. */
  walk(steps?: number, intervalMs?: number): Promise<void>;
  /** Sends a general chat line. */
  chat(message: string): Promise<void>;
  /** Sends an emote (expression id). */
  emote(expression?: number): Promise<void>;
  /** Walks through the named portal of the current map and waits for the warp SetField. */
  portal(name?: string): Promise<ReceivedPacket>;
  /** The first packet named `name` matching `predicate`, received after index `since` (default 0). */
  waitFor(
    name: string,
    predicate?: (packet: ReceivedPacket) => boolean,
    options?: { timeoutMs?: number; since?: number },
  ): Promise<ReceivedPacket>;
  /** Closes the connection (the server sees a logout). */
  close(): void;
}

function describe(
  name: string,
  body: Uint8Array,
  opcodes: OpcodeTable,
): Omit<ReceivedPacket, "at" | "opcode" | "body"> {
  const r = packetReader(body);
  try {
    switch (name) {
      case "CharacterSpawn": {
        const characterId = r.uint32();
        r.byte();
        const characterName = r.string();
        return { name, characterId, summary: `${characterName} (${characterId}) appears` };
      }
      case "CharacterDespawn": {
        const characterId = r.uint32();
        return { name, characterId, summary: `character ${characterId} leaves` };
      }
      case "CharacterMovement": {
        const characterId = r.uint32();
        const x = r.int16();
        const y = r.int16();
        return { name, characterId, summary: `character ${characterId} moves from (${x}, ${y})` };
      }
      case "CharacterChatGeneral": {
        const characterId = r.uint32();
        r.bool();
        const message = r.string();
        return { name, characterId, message, summary: `character ${characterId} says "${message}"` };
      }
      case "CharacterExpression": {
        const characterId = r.uint32();
        const expression = r.uint32();
        return { name, characterId, summary: `character ${characterId} shows emote ${expression}` };
      }
      case "SetField": {
        // Warp layout of GMS 83 (reference set_field.go WarpToMapBody): channel, two zero bytes, u16, byte.
        const gms83 = opcodes.region === "GMS" && opcodes.majorVersion === 83;
        const channelId = r.uint32();
        r.byte();
        const login = r.byte() === 1;
        if (!gms83 || login) {
          return { name, login, summary: `field (channel ${channelId}${login ? ", login" : ""})` };
        }
        r.uint16();
        r.byte();
        const mapId = r.uint32();
        const portalId = r.byte();
        return {
          name,
          login,
          mapId,
          summary: `warp to map ${mapId} portal ${portalId} (channel ${channelId})`,
        };
      }
    }
  } catch {
    return { name, summary: `${body.length} bytes (undecodable)` };
  }
  return { name, summary: `${body.length} bytes` };
}

/** Connects a bot (hello done, nothing sent). */
export async function connectBot(options: BotOptions): Promise<Bot> {
  const opcodes = options.opcodes ?? opcodeTable();
  const tenant = { region: opcodes.region, majorVersion: opcodes.majorVersion };
  const log = options.log ?? (() => {});
  const defaultTimeout = options.timeoutMs ?? 5000;
  const client = await connectClient({ hostname: options.hostname, port: options.port });
  const tag = `[bot ${options.characterId}]`;
  const received: ReceivedPacket[] = [];
  const sent: { name: string; at: number }[] = [];
  const listeners = new Set<() => void>();
  let mapId: number | undefined;
  let x = 0;
  const y = 274;

  (async () => {
    for await (const packet of client) {
      const opcode = packet[0] | (packet[1] << 8);
      const body = packet.subarray(2);
      const name = opcodes.writerName(opcode);
      const entry: ReceivedPacket = { at: performance.now(), opcode, body, ...describe(name, body, opcodes) };
      if (entry.name === "SetField" && entry.mapId !== undefined) mapId = entry.mapId;
      received.push(entry);
      log(`${tag} ← ${name} ${opcodeText(opcode)}: ${entry.summary}`);
      for (const notify of [...listeners]) notify();
    }
    log(`${tag} connection closed`);
    for (const notify of [...listeners]) notify();
  })().catch((err) => log(`${tag} receive failed: ${err instanceof Error ? err.message : err}`));

  const send = async (name: string, build?: (w: PacketWriter) => void, note = "") => {
    const w = packetWriter().uint16(opcodes.handler(name));
    build?.(w);
    const bytes = w.toBytes();
    sent.push({ name, at: performance.now() });
    log(
      `${tag} → ${name} ${opcodeText(opcodes.handler(name))} (${bytes.length - 2} bytes)${
        note ? `: ${note}` : ""
      }`,
    );
    await client.send(bytes);
  };

  const waitFor: Bot["waitFor"] = (name, predicate = () => true, waitOptions = {}) => {
    const timeoutMs = waitOptions.timeoutMs ?? defaultTimeout;
    let index = waitOptions.since ?? 0;
    const scan = () => {
      for (; index < received.length; index++) {
        const p = received[index];
        if (p.name === name && predicate(p)) return p;
      }
      return undefined;
    };
    const found = scan();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${tag} no ${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const hit = scan();
        if (hit) {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(hit);
        }
      };
      listeners.add(check);
    });
  };

  const step = (dx: number): MovementPath => ({
    startX: x,
    startY: y,
    elements: [{
      type: 0,
      layout: "NORMAL",
      x: x + dx,
      y,
      vx: dx * 4,
      vy: 0,
      foothold: 10,
      fallStartFoothold: 0,
      xOffset: 0,
      yOffset: 0,
      moveAction: dx < 0 ? 3 : 2,
      elapsed: 250,
      stat: 0,
    }],
  });

  const bot: Bot = {
    characterId: options.characterId,
    client,
    received,
    sent,
    get mapId() {
      return mapId;
    },
    async login(startMapId) {
      const since = received.length;
      await send("CharacterLoggedInHandle", (w) => w.uint32(options.characterId).uint16(0));
      const field = await waitFor("SetField", () => true, {
        since,
        timeoutMs: Math.max(defaultTimeout, 10_000),
      });
      if (startMapId !== undefined) mapId = startMapId;
      return field;
    },
    async walk(steps = 3, intervalMs = 100) {
      const codec = movementCodec(tenant, opcodes.handlerOptions("CharacterMoveHandle"));
      for (let i = 0; i < steps; i++) {
        const dx = i % 2 === 0 ? 20 : -10;
        const path = step(dx);
        await send("CharacterMoveHandle", (w) => {
          w.byte(0); // field key
          if ((tenant.region === "GMS" && tenant.majorVersion > 28) || tenant.region === "JMS") w.uint32(0); // crc
          writeMovementPath(w, path, codec);
        }, `to (${x + dx}, ${y})`);
        x += dx;
        if (i + 1 < steps && intervalMs > 0) await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async chat(message) {
      await send("CharacterChatGeneralHandle", (w) => {
        if ((tenant.region === "GMS" && tenant.majorVersion > 83) || tenant.region === "JMS") w.uint32(0);
        w.string(message).bool(false);
      }, `"${message}"`);
    },
    async emote(expression = 2) {
      await send("CharacterExpressionHandle", (w) => w.uint32(expression), `emote ${expression}`);
    },
    async portal(name = NEXT_PORTAL) {
      const since = received.length;
      await send("MapChangeHandle", (w) => {
        w.byte(1).int32(-1).string(name).int16(x).int16(y).byte(0).byte(0);
        if (tenant.region === "GMS" && tenant.majorVersion >= 83) w.bool(false);
      }, `through ${name}`);
      return await waitFor("SetField", (p) => p.login === false, { since });
    },
    waitFor,
    close: () => client.close(),
  };
  return bot;
}
