/**
 * Test access to the real Atlas tenant templates (/work/shared/reference/templates): a handler's or
 * writer's options exactly as a template configures them.
 * @module
 */
const TEMPLATES = new URL("../../../../shared/reference/templates/", import.meta.url);

interface Entry {
  handler?: string;
  writer?: string;
  opCode: string;
  options?: Record<string, unknown>;
}

const cache = new Map<string, { handlers: Entry[]; writers: Entry[] }>();

function socketOf(file: string): { handlers: Entry[]; writers: Entry[] } {
  let socket = cache.get(file);
  if (!socket) {
    socket = JSON.parse(Deno.readTextFileSync(new URL(file, TEMPLATES))).socket as {
      handlers: Entry[];
      writers: Entry[];
    };
    cache.set(file, socket);
  }
  return socket;
}

/** The template file of each version the tests use. */
export const TEMPLATE_FILES = {
  gms12: "template_gms_12_1.json",
  gms83: "template_gms_83_1.json",
  gms87: "template_gms_87_1.json",
  gms92: "template_gms_92_1.json",
  jms185: "template_jms_185_1.json",
} as const;

/** The options of handler `name` in a template (`{}` when it has none); throws when it is absent. */
export function handlerOptions(file: string, name: string): Record<string, unknown> {
  const entry = socketOf(file).handlers.find((e) => e.handler === name);
  if (!entry) throw new Error(`${file} has no handler ${name}`);
  return entry.options ?? {};
}

/** The options of writer `name` in a template (`{}` when it has none); throws when it is absent. */
export function writerOptions(file: string, name: string): Record<string, unknown> {
  const entry = socketOf(file).writers.find((e) => e.writer === name);
  if (!entry) throw new Error(`${file} has no writer ${name}`);
  return entry.options ?? {};
}

/** Parses `"0a ff 01"`-style hex (spaces and newlines ignored). */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 !== 0) throw new Error(`odd hex length: ${text}`);
  return Uint8Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(i * 2, i * 2 + 2), 16));
}

/** Lower-case hex of bytes, space-separated (readable assertion failures). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
