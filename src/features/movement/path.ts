/**
 * Movement paths: the `i16 startX, i16 startY, u8 count, count × element` block that character, monster,
 * pet and NPC movement packets carry (socket-protocol.md §4.5; the reference's `socket/model/movement.go`).
 *
 * The element layout is chosen by the `types` option of the handler (decoding) or writer (encoding):
 * the element's type byte indexes that list, whose `Type` picks the layout and whose `Name` marks the
 * `FALL_DOWN` special case. A missing or unusable list, or an index outside it, means the DEFAULT layout
 * (move action and elapsed time only), as in the reference.
 *
 * Unlike the reference, a truncated path throws {@link PacketReadError} instead of decoding zeros, so a
 * malformed movement is dropped rather than forwarded.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import {
  type HandlerOptions,
  type MovementTypes,
  movementTypesSchema,
  type WriterOptions,
} from "../../net/dispatch.ts";
import { InvalidPacketError, type PacketReader } from "../../protocol/reader.ts";
import type { PacketWriter } from "../../protocol/writer.ts";

/** The element layouts the reference knows; anything else is `DEFAULT`. */
export type MovementLayout =
  | "NORMAL"
  | "TELEPORT"
  | "START_FALL_DOWN"
  | "FLYING_BLOCK"
  | "JUMP"
  | "STAT_CHANGE"
  | "DEFAULT";

const KNOWN_LAYOUTS: ReadonlySet<string> = new Set([
  "NORMAL",
  "TELEPORT",
  "START_FALL_DOWN",
  "FLYING_BLOCK",
  "JUMP",
  "STAT_CHANGE",
]);

/**
 * One decoded element. Fields a layout does not carry are 0, except `x`/`y` of JUMP and START_FALL_DOWN
 * elements, which take the path's start position (as the reference does).
 */
export interface MovementElement {
  /** The type byte the client sent (index into the `types` list). */
  type: number;
  /** The layout it was decoded with. */
  layout: MovementLayout;
  x: number;
  y: number;
  vx: number;
  vy: number;
  foothold: number;
  fallStartFoothold: number;
  xOffset: number;
  yOffset: number;
  /** Move action (stance); absent from STAT_CHANGE elements. */
  moveAction: number;
  /** Elapsed milliseconds; absent from STAT_CHANGE elements. */
  elapsed: number;
  /** The stat byte of a STAT_CHANGE element. */
  stat: number;
}

/** A decoded movement path. */
export interface MovementPath {
  startX: number;
  startY: number;
  /** The start velocity GMS clients after v87 send after the start position (0 when absent). */
  startVx?: number;
  startVy?: number;
  elements: MovementElement[];
}

/** How a tenant's `types` list and version shape elements; build with {@link movementCodec}. */
export interface MovementCodec {
  /** The layout of an element type byte. */
  layoutOf(type: number): MovementLayout;
  /** True when the type byte is named `FALL_DOWN` (NORMAL elements then carry a fall-start foothold). */
  isFallDown(type: number): boolean;
  /** True when the configured `types` list has an entry for the type byte. */
  knows(type: number): boolean;
  /** NORMAL elements carry x/y offsets (region not GMS, or GMS v87 and later). */
  readonly readsOffsets: boolean;
  /** Same as {@link readsOffsets}: the client reads what it writes. */
  readonly writesOffsets: boolean;
  /** The path carries a start velocity after the start position (GMS v88 and later). */
  readonly startVelocity: boolean;
  /** True when the options held a usable `types` list. */
  readonly configured: boolean;
}

/** The `types` option of a handler or writer, or undefined when it is missing or malformed. */
export function movementTypesOf(options: HandlerOptions | WriterOptions): MovementTypes | undefined {
  const parsed = movementTypesSchema.safeParse(options.types);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether NORMAL elements carry x/y offsets: every client but GMS before v87, in both directions (the
 * client disassembly pinned by libs/atlas-packet; the reference read them from v84 and wrote them from
 * v88 on, so a v87 client misread every movement it was sent).
 */
function hasOffsets(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region !== "GMS" || tenant.majorVersion >= 87;
}

/** Whether the path has a start velocity after its start position (GMS v88 and later). */
function hasStartVelocity(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region === "GMS" && tenant.majorVersion >= 88;
}

const codecCache = new WeakMap<object, Map<string, MovementCodec>>();

/**
 * The codec for a tenant and a handler's or writer's options. Options objects are stable per tenant
 * configuration, so the result is cached per options object (decoding the `types` list once).
 */
export function movementCodec(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  options: HandlerOptions | WriterOptions,
): MovementCodec {
  const versionKey = `${tenant.region}|${tenant.majorVersion}`;
  let perOptions = codecCache.get(options);
  const cached = perOptions?.get(versionKey);
  if (cached) return cached;
  const types = movementTypesOf(options);
  const layouts: MovementLayout[] = (types ?? []).map((entry) =>
    KNOWN_LAYOUTS.has(entry.Type) ? entry.Type as MovementLayout : "DEFAULT"
  );
  const fallDown: boolean[] = (types ?? []).map((entry) => entry.Name === "FALL_DOWN");
  const offsets = hasOffsets(tenant);
  const codec: MovementCodec = {
    layoutOf: (type) => layouts[type] ?? "DEFAULT",
    isFallDown: (type) => fallDown[type] ?? false,
    knows: (type) => type < layouts.length,
    readsOffsets: offsets,
    writesOffsets: offsets,
    startVelocity: hasStartVelocity(tenant),
    configured: types !== undefined,
  };
  if (!perOptions) codecCache.set(options, perOptions = new Map());
  perOptions.set(versionKey, codec);
  return codec;
}

/** Most elements in one relayed path: a client sends a handful per packet (about two per second). */
export const MAX_PATH_ELEMENTS = 64;
/** Coordinates beyond this are outside every map (and -32768 is what forged paths use). */
export const MAX_COORDINATE = 30_000;

/**
 * Checks a path other clients will be sent against what a client can produce: at most
 * {@link MAX_PATH_ELEMENTS} elements, element types the tenant configures, coordinates inside
 * ±{@link MAX_COORDINATE}. Throws {@link InvalidPacketError} naming the problem.
 */
export function checkRelayedPath(path: MovementPath, codec: MovementCodec): void {
  if (path.elements.length > MAX_PATH_ELEMENTS) {
    throw new InvalidPacketError(
      `movement path of ${path.elements.length} elements (at most ${MAX_PATH_ELEMENTS})`,
    );
  }
  const outside = (v: number) => v > MAX_COORDINATE || v < -MAX_COORDINATE;
  if (outside(path.startX) || outside(path.startY)) {
    throw new InvalidPacketError(`movement starting at (${path.startX}, ${path.startY})`);
  }
  for (const element of path.elements) {
    if (codec.configured && !codec.knows(element.type)) {
      throw new InvalidPacketError(`movement element type ${element.type} is not one the client sends`);
    }
    if (outside(element.x) || outside(element.y)) {
      throw new InvalidPacketError(`movement to (${element.x}, ${element.y})`);
    }
  }
}

/** Reads a movement path; throws {@link PacketReadError} when the packet ends inside it. */
export function readMovementPath(reader: PacketReader, codec: MovementCodec): MovementPath {
  const startX = reader.int16();
  const startY = reader.int16();
  let startVx = 0;
  let startVy = 0;
  if (codec.startVelocity) {
    startVx = reader.int16();
    startVy = reader.int16();
  }
  const count = reader.byte();
  const elements: MovementElement[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const type = reader.byte();
    const layout = codec.layoutOf(type);
    const element: MovementElement = {
      type,
      layout,
      x: 0,
      y: 0,
      vx: 0,
      vy: 0,
      foothold: 0,
      fallStartFoothold: 0,
      xOffset: 0,
      yOffset: 0,
      moveAction: 0,
      elapsed: 0,
      stat: 0,
    };
    switch (layout) {
      case "NORMAL":
        element.x = reader.int16();
        element.y = reader.int16();
        element.vx = reader.int16();
        element.vy = reader.int16();
        element.foothold = reader.int16();
        if (codec.isFallDown(type)) element.fallStartFoothold = reader.int16();
        if (codec.readsOffsets) {
          element.xOffset = reader.int16();
          element.yOffset = reader.int16();
        }
        break;
      case "TELEPORT":
        element.x = reader.int16();
        element.y = reader.int16();
        element.foothold = reader.int16();
        break;
      case "START_FALL_DOWN":
        element.x = startX;
        element.y = startY;
        element.vx = reader.int16();
        element.vy = reader.int16();
        element.fallStartFoothold = reader.int16();
        break;
      case "FLYING_BLOCK":
        element.x = reader.int16();
        element.y = reader.int16();
        element.vx = reader.int16();
        element.vy = reader.int16();
        break;
      case "JUMP":
        element.x = startX;
        element.y = startY;
        element.vx = reader.int16();
        element.vy = reader.int16();
        break;
      case "STAT_CHANGE":
        element.stat = reader.byte();
        elements[i] = element;
        continue;
      case "DEFAULT":
        break;
    }
    element.moveAction = reader.byte();
    element.elapsed = reader.int16();
    elements[i] = element;
  }
  return codec.startVelocity ? { startX, startY, startVx, startVy, elements } : { startX, startY, elements };
}

/**
 * Writes a movement path with the writer's codec. The layout decided at decode time is kept; whether
 * a NORMAL element carries the fall-start foothold follows the writer's `types` list, as in the reference.
 */
export function writeMovementPath(writer: PacketWriter, path: MovementPath, codec: MovementCodec): void {
  writer.int16(path.startX).int16(path.startY);
  if (codec.startVelocity) writer.int16(path.startVx ?? 0).int16(path.startVy ?? 0);
  writer.byte(path.elements.length);
  for (const element of path.elements) {
    writer.byte(element.type);
    switch (element.layout) {
      case "NORMAL":
        writer.int16(element.x).int16(element.y).int16(element.vx).int16(element.vy).int16(element.foothold);
        if (codec.isFallDown(element.type)) writer.int16(element.fallStartFoothold);
        if (codec.writesOffsets) writer.int16(element.xOffset).int16(element.yOffset);
        break;
      case "TELEPORT":
        writer.int16(element.x).int16(element.y).int16(element.foothold);
        break;
      case "START_FALL_DOWN":
        writer.int16(element.vx).int16(element.vy).int16(element.fallStartFoothold);
        break;
      case "FLYING_BLOCK":
        writer.int16(element.x).int16(element.y).int16(element.vx).int16(element.vy);
        break;
      case "JUMP":
        writer.int16(element.vx).int16(element.vy);
        break;
      case "STAT_CHANGE":
        writer.byte(element.stat);
        continue;
      case "DEFAULT":
        break;
    }
    writer.byte(element.moveAction).int16(element.elapsed);
  }
}

/** Where a movement ends, as the movement commands report it. */
export interface MovementSummary {
  x: number;
  y: number;
  stance: number;
  /** The last NORMAL element's foothold (0 when none); not part of the command. */
  foothold: number;
}

/**
 * The reference's summary (kafka-produced.md §4.3): position and move action of the last NORMAL element,
 * or the start position with stance 0 when there is none. Other layouts never update it (the reference's
 * type test never matches them; receiving services see exactly that).
 */
export function summarizeMovement(path: MovementPath): MovementSummary {
  const summary: MovementSummary = { x: path.startX, y: path.startY, stance: 0, foothold: 0 };
  for (const element of path.elements) {
    if (element.layout !== "NORMAL") continue;
    summary.x = element.x;
    summary.y = element.y;
    summary.stance = element.moveAction;
    summary.foothold = element.foothold;
  }
  return summary;
}
