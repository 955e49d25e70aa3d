/**
 * `deno task bot`: scripted headless players against a channel (by default the sandbox of
 * `deno task dev`).
 *
 *     deno task bot -- --host 127.0.0.1 --port 8585 --character 1001 --script login,walk,chat,portal,emote
 *     deno task bot -- --count 100 --script login,walk:60 --delay 500 --quiet
 *     deno task bot -- --character 1001 --script login,ap:STR,sp:4001003,heal,meso:100,whisper:Cody:hi,channel:1,cashshop,logout
 *
 * `--character` takes one id or a comma-separated list; with `--count N` bots play ids from the first id
 * upwards (default 100001, the sandbox's generated characters, one account each). Every bot prints what
 * it sends and receives with the tenant's opcode names (unless `--quiet`); at the end a summary line
 * counts packets per name. Exit code 0 when every bot finished its script.
 * @module
 */
import { parseArgs } from "node:util";
import { type Bot, connectBot } from "./bot.ts";
import { createBarrier, parseScript, runScript, type ScriptStep } from "./script.ts";
import {
  GENERATED_FIRST_ID,
  SANDBOX_TENANTS,
  type SandboxTenant,
  sandboxTenantByKey,
} from "../sandbox/world.ts";
import { opcodeTable } from "./opcodes.ts";

const USAGE = `Usage: deno task bot -- [options]
  --host HOST         channel host (default 127.0.0.1)
  --port PORT         channel port (default 8585)
  --tenant KEY        the sandbox tenant whose client to play: gms83 (default), gms95 or jms185; its
                      opcodes and its version's packet layouts
  --character IDS     character id, or a comma-separated list (default 1001; 100001 with --count > 1)
  --count N           bots at once (default 1); ids go up from the first --character id
  --script STEPS      comma-separated steps (default login,walk,chat,portal,emote):
                        login                       log in, wait for the field
                        walk[:n]                    n movement packets (3)
                        chat[:text]                 general chat
                        whisper:NAME[:text]         whisper, wait for the result
                        multichat:MODE[:text]       buddy|party|guild|alliance line to those nearby
                        emote[:id]                  expression (2)
                        portal[:name]               through a portal (next00), wait for the warp
                        ap:STAT                     1 AP into STR|DEX|INT|LUK|HP|MP
                        autoap                      auto-assign AP (1 STR, 1 DEX)
                        sp:SKILL                    1 SP into a skill id
                        heal[:hp[:mp]]              one heal-over-time tick (10, 3)
                        meso[:amount]               drop mesos (10)
                        keymap[:key:type:action]    rebind a key (59:1:4001003)
                        channel:ID                  change channel: reconnect and log in there
                        cashshop[:serial]           enter the cash shop [, buy that commodity and take it out] and come back
                        buddy:add:NAME              ask NAME to be buddies
                        buddy:accept[:ID]           accept a buddy request (the last one), wait for the list
                        buddy:delete:ID             remove a buddy or decline, wait for the list
                        note:NAME[:text]            send a note, wait for the answer
                        notes                       read the notes, wait for the list
                        messenger:open|invite:NAME|accept|chat:TEXT|leave
                                                    messenger (open/invite/accept wait for the answer)
                        fame:ID[:down]              give (or take) fame, wait for the answer
                        guild:create:NAME|agree|invite:NAME|accept|notice:TEXT|leave|post:TITLE[:text]|board
                                                    guild operations (all but create/invite wait)
                        party:create|invite:NAME|accept|leave|expel:ID
                                                    party operations (create/accept wait for the answer)
                        talk[:object[:choice:...]]  talk to an NPC (1000) through its whole script
                        buy[:object[:slot[:qty]]]   buy from an NPC shop (1001, slot 0, 1) and leave
                        quest:ID[:npc]              start or complete a quest (1000) and answer it
                        macro:NAME:SKILL[:SKILL...]  set the skill macros to one shouting macro
                        pet:ID[:command]            give a pet a command (1), wait for its answer
                        petspawn[:cashSlot]         take out / put away the pet in a cash slot (1)
                        petmove:ID                  walk a pet a step beside the character
                        petfeed[:slot[:item]]       feed the pets (5, 2120000), wait for the reaction
                        wait[:ms]                   pause (1000)
                        sync                        wait for every bot of the run (barrier)
                        await:<Writer>[:count]      wait for count packets of a writer (1)
                        logout                      close the connection
  --delay MS          pause between steps (default 500)
  --linger MS         stay connected after the script to see the others (default 1000)
  --quiet             print only the summary`;

/** Parsed command line of the bot. */
export interface BotCommand {
  host: string;
  /** The sandbox tenant whose opcodes and layouts the bots use. */
  tenant: SandboxTenant;
  port: number;
  characterIds: number[];
  script: ScriptStep[];
  delayMs: number;
  lingerMs: number;
  quiet: boolean;
}

function whole(text: string | undefined, fallback: number, name: string, min = 0): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new Error(`--${name}: expected a whole number ≥ ${min}, got ${text}`);
  }
  return Number(text);
}

/** Parses the bot's arguments; throws with a one-line reason. `undefined` means `--help`. */
export function parseBotArgs(args: readonly string[]): BotCommand | undefined {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : [...args], // `deno task x -- ...` passes the `--` on
    options: {
      host: { type: "string" },
      port: { type: "string" },
      tenant: { type: "string" },
      character: { type: "string" },
      count: { type: "string" },
      script: { type: "string" },
      delay: { type: "string" },
      linger: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const count = whole(values.count, 1, "count", 1);
  const listed = values.character?.split(",").map((s) => whole(s.trim(), 0, "character", 1));
  const first = listed?.[0] ?? (count > 1 ? GENERATED_FIRST_ID : 1001);
  const characterIds = listed && listed.length > 1
    ? listed
    : Array.from({ length: count }, (_, i) => first + i);
  const tenant = sandboxTenantByKey(values.tenant ?? "gms83");
  if (!tenant) {
    throw new Error(
      `--tenant: expected ${SANDBOX_TENANTS.map((t) => t.key).join(", ")}, got ${values.tenant}`,
    );
  }
  return {
    host: values.host ?? "127.0.0.1",
    tenant,
    port: whole(values.port, 8585, "port", 1),
    characterIds,
    script: parseScript(values.script ?? "login,walk,chat,portal,emote"),
    delayMs: whole(values.delay, 500, "delay"),
    lingerMs: whole(values.linger, 1000, "linger"),
    quiet: values.quiet ?? false,
  };
}

/** Runs one bot per character id; resolves with the bots and the failures. */
export async function runBots(
  command: BotCommand,
  log: (line: string) => void,
): Promise<{ bots: Bot[]; failures: { characterId: number; error: string }[] }> {
  const bots: Bot[] = [];
  const failures: { characterId: number; error: string }[] = [];
  const barrier = createBarrier(command.characterIds.length);
  await Promise.all(command.characterIds.map(async (characterId) => {
    let left = false;
    const leave = () => {
      if (!left) barrier.leave();
      left = true;
    };
    try {
      const bot = await connectBot({
        hostname: command.host,
        port: command.port,
        characterId,
        opcodes: opcodeTable(command.tenant.attributes),
        log: command.quiet ? undefined : log,
      });
      bots.push(bot);
      await runScript(bot, command.script, command.delayMs, barrier);
      leave();
      if (command.lingerMs > 0) await new Promise((r) => setTimeout(r, command.lingerMs));
      bot.close();
    } catch (err) {
      leave();
      failures.push({ characterId, error: err instanceof Error ? err.message : String(err) });
    }
  }));
  return { bots, failures };
}

/** The CLI; returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseBotArgs(args);
  } catch (err) {
    console.error(`bot: ${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  if (!command) {
    console.log(USAGE);
    return 0;
  }
  const { bots, failures } = await runBots(command, (line) => console.log(line));
  const counts = new Map<string, number>();
  for (const bot of bots) for (const p of bot.received) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  const sent = bots.reduce((n, b) => n + b.sent.length, 0);
  console.log(
    `bots: ${command.characterIds.length}, finished: ${command.characterIds.length - failures.length}, ` +
      `sent: ${sent}, received: ${[...counts].map(([name, n]) => `${name}=${n}`).join(" ")}`,
  );
  for (const f of failures) console.error(`bot ${f.characterId} failed: ${f.error}`);
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
