/**
 * The channel process of `bench/field.ts`: what `deno task dev` runs (the sandbox and one channel on one
 * in-memory broker, see `src/sandbox/dev.ts`), plus a counter of the records appended to the movement
 * command topic, so the benchmark can check that every movement packet became a command on the bus.
 *
 * It is started by the benchmark, not by hand. Control is line-based: it prints
 * `FIELD-BENCH ready {"pid","port","movementTopic"}` on stdout once the channel listens, then answers each
 * `count` line on stdin with `FIELD-BENCH count <appended movement commands>`; `stop` (or the end of
 * stdin) stops the channel and the sandbox. Logs go to stderr as usual.
 *
 *     deno run -A bench/field_channel.ts --port 28585 --generated 500
 * @module
 */
import { parseArgs } from "node:util";
import { startApp } from "../src/app.ts";
import { parseSettings } from "../src/config/settings.ts";
import { MemoryBroker, type StoredRecord } from "../src/kafka/memory-bus.ts";
import { setupLogging } from "../src/observability/log.ts";
import { SANDBOX_SERVICE_ID, startSandbox } from "../src/sandbox/mod.ts";

/** The prefix of every control line this process prints on stdout. */
export const CONTROL_PREFIX = "FIELD-BENCH";

/** A broker that counts the records appended to one topic (the channel's movement commands). */
class CountingBroker extends MemoryBroker {
  appended = 0;
  /** Appended records per character (the record key is the character id, int64 little-endian). */
  readonly byCharacter = new Map<number, number>();
  constructor(readonly countedTopic: string) {
    super();
  }
  override append(
    topic: string,
    record: StoredRecord,
    partition?: number,
  ): { partition: number; offset: number } {
    if (topic === this.countedTopic) {
      this.appended++;
      const key = record.key;
      if (key && key.length >= 4) {
        const id = new DataView(key.buffer, key.byteOffset, key.length).getUint32(0, true);
        this.byCharacter.set(id, (this.byCharacter.get(id) ?? 0) + 1);
      }
    }
    return super.append(topic, record, partition);
  }
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: "string" }, generated: { type: "string" } },
  });
  const port = Number(values.port ?? 28585);
  const generatedCount = Number(values.generated ?? 500);
  // Every bot comes from this machine, hundreds at once: admission bounds sized for the crowd.
  const outcome = parseSettings(["--max-pending-sessions", "2000"], Deno.env.toObject());
  if (outcome.kind !== "run") {
    console.error(`field_channel: ${outcome.kind === "error" ? outcome.message : outcome.kind}`);
    return 2;
  }
  const settings = outcome.settings;
  setupLogging(settings.logLevel);
  const movementTopic = settings.topics.COMMAND_TOPIC_CHARACTER_MOVEMENT;
  const broker = new CountingBroker(movementTopic);
  // The same wiring as startDev, with the counting broker in place of a fresh one.
  const sandbox = await startSandbox({
    memoryBroker: broker,
    topics: settings.topics,
    channelPorts: [port, port + 1, port + 2],
    generatedCount,
  });
  const app = await startApp({
    ...settings,
    baseServiceUrl: sandbox.root,
    serviceId: SANDBOX_SERVICE_ID,
    bindAddress: "127.0.0.1",
  }, { memoryBroker: broker, env: {} });
  const write = (line: string) =>
    Deno.stdout.writeSync(new TextEncoder().encode(`${CONTROL_PREFIX} ${line}\n`));
  write(`ready ${JSON.stringify({ pid: Deno.pid, port: app.channels[0]?.port ?? port, movementTopic })}`);

  const decoder = new TextDecoder();
  let pending = "";
  const buffer = new Uint8Array(1024);
  loop: while (true) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) break;
    pending += decoder.decode(buffer.subarray(0, n), { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const command = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (command === "count") write(`count ${broker.appended}`);
      else if (command.startsWith("count ")) {
        // `count ID`: every movement command but character ID's.
        const except = Number(command.slice("count ".length));
        write(`count ${broker.appended - (broker.byCharacter.get(except) ?? 0)}`);
      } else if (command === "stop") break loop;
    }
  }
  await app.stop();
  await sandbox.stop();
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
