/**
 * The bot's opcode knowledge, taken from a tenant configuration (by default the sandbox's GMS 83 tenant)
 * so the bot and the server it talks to agree: client→server opcodes by handler name (with each
 * handler's options, e.g. the movement `types`), and server→client writer names by opcode.
 * @module
 */
import { SANDBOX_TENANT_ATTRIBUTES } from "../sandbox/world.ts";

/** The parts of a tenant configuration the bot reads. */
export interface SocketTables {
  region: string;
  majorVersion: number;
  minorVersion: number;
  socket: {
    handlers: readonly {
      opCode: string | number;
      handler: string;
      options?: Record<string, unknown> | null;
    }[];
    writers: readonly { opCode: string | number; writer: string; options?: Record<string, unknown> | null }[];
  };
}

/** Opcode look-ups for one tenant. */
export interface OpcodeTable {
  readonly region: string;
  readonly majorVersion: number;
  /** The opcode of a handler; throws when the tenant has none of that name. */
  handler(name: string): number;
  /** A handler's configured options (`{}` when none). */
  handlerOptions(name: string): Record<string, unknown>;
  /** The writer name of an opcode the server sent, or `0xNN` when unknown. */
  writerName(opcode: number): string;
  /** The opcode of a writer name, if configured. */
  writer(name: string): number | undefined;
  /** A writer's configured options (`{}` when none), e.g. StatChanged's `statistics`. */
  writerOptions(name: string): Record<string, unknown>;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, "0")}`;

/** Builds the table of `config` (default: the sandbox tenant). */
export function opcodeTable(config: SocketTables = SANDBOX_TENANT_ATTRIBUTES): OpcodeTable {
  const handlers = new Map<string, { opcode: number; options: Record<string, unknown> }>();
  for (const h of config.socket.handlers) {
    if (!handlers.has(h.handler)) {
      handlers.set(h.handler, { opcode: Number(h.opCode), options: h.options ?? {} });
    }
  }
  const writersByOpcode = new Map<number, string>();
  const writersByName = new Map<string, number>();
  const writerOptions = new Map<string, Record<string, unknown>>();
  for (const w of config.socket.writers) {
    const opcode = Number(w.opCode);
    if (!writersByOpcode.has(opcode)) writersByOpcode.set(opcode, w.writer);
    if (!writersByName.has(w.writer)) {
      writersByName.set(w.writer, opcode);
      writerOptions.set(w.writer, w.options ?? {});
    }
  }
  return {
    region: config.region,
    majorVersion: config.majorVersion,
    handler(name) {
      const found = handlers.get(name);
      if (!found) throw new Error(`the tenant configures no handler ${name}`);
      return found.opcode;
    },
    handlerOptions: (name) => handlers.get(name)?.options ?? {},
    writerName: (opcode) => writersByOpcode.get(opcode) ?? hex(opcode),
    writer: (name) => writersByName.get(name),
    writerOptions: (name) => writerOptions.get(name) ?? {},
  };
}

/** `0xNN` text of an opcode. */
export function opcodeText(opcode: number): string {
  return hex(opcode);
}
