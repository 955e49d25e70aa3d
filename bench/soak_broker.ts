/**
 * `deno task soak:broker`: issue 17's broker test. A broker of its own (default port 19593, started and
 * stopped here with `scripts/kafka`; the shared test broker is never touched), the sandbox's Atlas
 * stand-ins and bots in this process, the channel (`main.ts`) in its own. `--bots` bots (default 30) log
 * in to one map, each moving every 500 ms and chatting every 3 s (a numbered line). After `--before`
 * seconds the broker is stopped for `--outage` seconds (default 30) while the bots go on, then started
 * again on its data; from the moment it answers metadata requests again, one new login is started each
 * second for five seconds. After `--after` more seconds the bots stop and every command topic is read
 * from the beginning. Reported:
 *
 * - movement packets sent against COMMAND_TOPIC_CHARACTER_MOVEMENT commands (per character: stored ≥
 *   sent, since a message held through the outage may be stored twice), and every chat line sent
 *   against the lines on COMMAND_TOPIC_CHARACTER_CHAT (by text);
 * - what the channel counted as lost or refused (`kafka.publish.lost`, `kafka.publish.failed`), and the
 *   held retries, from its /metrics;
 * - bots whose connection the channel closed;
 * - for each new login, the time from the broker's return until its SetField.
 *
 * Exits 1 when a command sent is neither stored nor counted as lost, a bot was dropped, or no new login
 * worked within 5 s of the broker's return; prints the figures either way.
 *
 *     deno task soak:broker -- [--bots 30] [--outage 30] [--before 5] [--after 15] [--kafka-port 19593]
 *                              [--log-level info]   (channel and sandbox logs go to /tmp/soak-broker-*.log)
 * @module
 */
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { TOPIC_VARIABLES } from "../src/config/topics.ts";
import { type Bot, connectBot } from "../src/bot/bot.ts";
import { SANDBOX_SERVICE_ID, startSandbox } from "../src/sandbox/mod.ts";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { installKafkajsTimerFix } from "../src/kafka/kafkajs-timers.ts";
import { createTopics } from "../tests/support/kafka.ts";
import { type LogLevel, setupLogging } from "../src/observability/log.ts";
import { spawnChannel } from "./production_path.ts";

const NEW_LOGINS = 5;
const LOGIN_GOAL_MS = 5_000;
const root = new URL("..", import.meta.url).pathname;

async function kafkaScript(port: string, command: "start" | "stop" | "pause" | "resume"): Promise<void> {
  const out = await new Deno.Command(`${root}scripts/kafka`, {
    args: [command],
    // A loaded machine can take minutes to start a JVM broker.
    env: { KAFKA_PORT: port, KAFKA_READY_SECONDS: "300" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`scripts/kafka ${command} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** One metadata request with no retries: does the broker answer now? */
async function brokerAnswers(brokers: string[], topic: string): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "soak-broker-probe",
    brokers,
    connectionTimeout: 500,
    requestTimeout: 1_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [topic] });
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing listened on ${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

/** `name{labels} value` lines of a Prometheus text body whose name starts with `prefix`, summed by name. */
function metricSums(body: string, prefix: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of body.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const name = line.split(/[{ ]/)[0];
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sums.set(name, (sums.get(name) ?? 0) + value);
  }
  return sums;
}

/**
 * The channel's own account of the outage, up to `until`: its kafka lines on the broker-return clock and
 * the sessions it closed.
 */
async function summarizeChannelLog(logPath: string, backWall: number, until: number): Promise<void> {
  // The channel's own account of the outage, on the broker's-return clock.
  const channelLines = (await Deno.readTextFile(logPath)).split("\n").flatMap((line) => {
    try {
      const entry = JSON.parse(line);
      return entry.logger === "kafka" || entry.reason ? [entry] : [];
    } catch {
      return [];
    }
  });
  const closes = new Map<string, number>();
  for (const entry of channelLines) {
    if (Date.parse(entry.time) >= until) break; // the soak's own shutdown
    if (entry.logger === "kafka" && entry.level !== "debug") {
      const at = ((Date.parse(entry.time) - backWall) / 1000).toFixed(1);
      console.log(
        `  channel ${at} s: ${entry.msg} ${entry.evidence ?? entry.problem ?? entry.error ?? ""}`,
      );
    } else if (entry.reason) closes.set(entry.reason, (closes.get(entry.reason) ?? 0) + 1);
  }
  console.log(`sessions closed by the channel, by reason: ${JSON.stringify(Object.fromEntries(closes))}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function main(args: string[]): Promise<number> {
  installKafkajsTimerFix();
  const { values } = parseArgs({
    args: args.filter((a) => a !== "--"),
    options: {
      bots: { type: "string", default: "30" },
      outage: { type: "string", default: "30" },
      before: { type: "string", default: "5" },
      after: { type: "string", default: "15" },
      port: { type: "string", default: "29685" },
      "kafka-port": { type: "string", default: "19593" },
      "log-level": { type: "string", default: "info" },
    },
  });
  const botCount = Number(values.bots);
  const outageS = Number(values.outage);
  const port = Number(values.port);
  const kafkaPort = values["kafka-port"];
  const brokers = [`127.0.0.1:${kafkaPort}`];
  const run = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, `soak-broker-${run}-${v}`]));
  const movementTopic = topics.COMMAND_TOPIC_CHARACTER_MOVEMENT;
  const chatTopic = topics.COMMAND_TOPIC_CHARACTER_CHAT;
  console.log(
    `broker soak: ${botCount} bots moving every 500 ms and chatting every 3 s; broker ${brokers} away for ${outageS} s`,
  );
  // The sandbox (this process) logs to a file beside the channel's.
  const sandboxLogPath = `/tmp/soak-broker-${run}-sandbox.log`;
  const sandboxLog = await Deno.open(sandboxLogPath, { write: true, create: true, append: true });
  const encoder = new TextEncoder();
  setupLogging(
    values["log-level"] as LogLevel,
    (line) => void sandboxLog.writeSync(encoder.encode(`${line}\n`)),
  );
  await kafkaScript(kafkaPort, "stop"); // a run cut short may have left its broker behind
  await kafkaScript(kafkaPort, "start");
  const kafka = new Kafka({ clientId: `soak-broker-${run}`, brokers, logLevel: logLevel.NOTHING });
  await createTopics(kafka, Object.values(topics), 1, 120_000);

  const sandbox = await startSandbox({
    bootstrapServers: brokers,
    topics,
    channelPorts: [port, port + 1, port + 2],
    generatedCount: botCount + NEW_LOGINS,
  });
  const adminPort = freePort();
  const logPath = `/tmp/soak-broker-${run}-channel.log`;
  const { child: channel, logDone } = await spawnChannel(
    ["--bind-address", "127.0.0.1", "--admin-port", String(adminPort), "--admin-address", "127.0.0.1"],
    {
      ...topics,
      BOOTSTRAP_SERVERS: brokers.join(","),
      BASE_SERVICE_URL: sandbox.root,
      SERVICE_ID: SANDBOX_SERVICE_ID,
      LOG_LEVEL: values["log-level"],
    },
    logPath,
  );
  const bots: Bot[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  const dropped = new Set<number>();
  let closing = false;
  /** When the broker answered again (wall clock, for the channel's log lines). */
  let backWall: number | undefined;
  const watch = (id: number) => (line: string) => {
    if (!closing && line.endsWith("connection closed")) dropped.add(id);
  };
  try {
    await waitForPort(port, 120_000);
    await waitForPort(adminPort, 60_000);
    for (let i = 0; i < botCount; i++) {
      const id = GENERATED_FIRST_ID + i;
      const bot = await connectBot({ port, characterId: id, timeoutMs: 60_000, log: watch(id) });
      await bot.login();
      bots.push(bot);
    }
    console.log(`${bots.length} bots logged in`);

    const movesSent = new Map<number, number>();
    const chatSent = new Set<string>();
    bots.forEach((bot, i) => {
      let tick = 0;
      timers.push(setTimeout(() => {
        timers.push(setInterval(() => {
          tick++;
          bot.walk(1, 0).then(
            () => movesSent.set(bot.characterId, (movesSent.get(bot.characterId) ?? 0) + 1),
            () => {},
          );
          if (tick % 6 === 0) {
            const line = `soak ${bot.characterId} ${tick / 6}`;
            bot.chat(line).then(() => void chatSent.add(line), () => {});
          }
        }, 500));
      }, (500 * i) / botCount));
    });
    await sleep(Number(values.before) * 1000);

    await kafkaScript(kafkaPort, "pause");
    const outageStarted = performance.now();
    console.log("broker stopped");
    await sleep(outageS * 1000 - (performance.now() - outageStarted));
    let resumeFailed: unknown;
    const resuming = kafkaScript(kafkaPort, "resume").catch((err) => void (resumeFailed = err));
    while (!(await brokerAnswers(brokers, movementTopic))) {
      if (resumeFailed) throw resumeFailed;
      await sleep(100);
    }
    const back = performance.now();
    backWall = Date.now();
    console.log(`broker answers again after ${((back - outageStarted) / 1000).toFixed(1)} s away`);

    const logins: Promise<number | string>[] = [];
    for (let k = 0; k < NEW_LOGINS; k++) {
      const id = GENERATED_FIRST_ID + botCount + k;
      logins.push((async () => {
        await sleep(k * 1000 - (performance.now() - back));
        try {
          const bot = await connectBot({ port, characterId: id, timeoutMs: 60_000 });
          try {
            await bot.login();
            return performance.now() - back;
          } finally {
            bot.close();
          }
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      })());
    }
    await resuming;
    await sleep(Number(values.after) * 1000 - (performance.now() - back));
    for (const t of timers) clearInterval(t);
    await sleep(1_000); // the last sends leave
    const loginResults = await Promise.all(logins);

    const metrics = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    const kafkaMetrics = metricSums(metrics, "atlas_channel_kafka_");

    // Everything on the two command topics, read from the beginning.
    const movesStored = new Map<number, number>();
    const chatStored = new Set<string>();
    const expectedMoves = [...movesSent.values()].reduce((a, b) => a + b, 0);
    const reader = kafka.consumer({ groupId: `soak-broker-${run}-reader` });
    await reader.connect();
    await reader.subscribe({ topics: [movementTopic, chatTopic], fromBeginning: true });
    let storedMoves = 0;
    await reader.run({
      eachMessage: ({ topic, message }) => {
        const value = JSON.parse(message.value?.toString() ?? "{}");
        if (topic === movementTopic) {
          storedMoves++;
          movesStored.set(value.objectId, (movesStored.get(value.objectId) ?? 0) + 1);
        } else if (typeof value.message === "string") chatStored.add(value.message);
        return Promise.resolve();
      },
    });
    const readDeadline = Date.now() + 120_000;
    while (
      (storedMoves < expectedMoves || [...chatSent].some((l) => !chatStored.has(l))) &&
      Date.now() < readDeadline
    ) await sleep(250);
    await reader.disconnect();

    const lost = (kafkaMetrics.get("atlas_channel_kafka_publish_lost_total") ?? 0) +
      (kafkaMetrics.get("atlas_channel_kafka_publish_failed_total") ?? 0);
    const shortMoves = [...movesSent].filter(([id, n]) => (movesStored.get(id) ?? 0) < n);
    const missingMoves = shortMoves.reduce((sum, [id, n]) => sum + n - (movesStored.get(id) ?? 0), 0);
    const missingChat = [...chatSent].filter((l) => !chatStored.has(l));
    console.log(
      `movement: ${expectedMoves} packets sent, ${storedMoves} commands stored (${shortMoves.length} characters short by ${missingMoves})`,
    );
    console.log(`chat: ${chatSent.size} lines sent, ${chatSent.size - missingChat.length} stored`);
    console.log(
      `channel counted: ${
        [...kafkaMetrics].map(([k, v]) => `${k.replace("atlas_channel_", "")}=${v}`).join(" ") || "nothing"
      }`,
    );
    console.log(`bots dropped by the channel: ${dropped.size}`);
    loginResults.forEach((r, k) =>
      console.log(
        `new login started ${k} s after the broker's return: ${
          typeof r === "number" ? `in game ${(r / 1000).toFixed(2)} s after the return` : `failed: ${r}`
        }`,
      )
    );
    console.log(`channel log: ${logPath}; sandbox log: ${sandboxLogPath}`);
    const problems: string[] = [];
    if (missingMoves + missingChat.length > lost) {
      problems.push(
        `${missingMoves + missingChat.length} commands neither stored nor counted as lost (${lost})`,
      );
    }
    if (dropped.size > 0) problems.push(`${dropped.size} bots dropped`);
    if (!loginResults.some((r) => typeof r === "number" && r <= LOGIN_GOAL_MS)) {
      problems.push(`no new login in game within ${LOGIN_GOAL_MS / 1000} s of the broker's return`);
    }
    for (const p of problems) console.log(`GOAL MISSED: ${p}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    closing = true;
    const closingWall = Date.now();
    for (const t of timers) clearInterval(t);
    for (const bot of bots) bot.close();
    try {
      channel.kill("SIGTERM");
    } catch { /* already gone */ }
    await channel.status;
    await logDone; // the channel's log is complete only once it exited
    if (backWall !== undefined) await summarizeChannelLog(logPath, backWall, closingWall);
    await sandbox.stop();
    await kafkaScript(kafkaPort, "stop").catch((err) => console.error(String(err)));
    sandboxLog.close();
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
