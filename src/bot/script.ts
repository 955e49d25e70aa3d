/**
 * Bot scripts: a comma-separated list of steps, each `name` or `name:argument`:
 *
 * - `login` — CharacterLoggedIn, wait for SetField
 * - `walk[:steps]` — movement packets (default 3)
 * - `chat[:text]` — a general chat line (default `hello from <id>`)
 * - `emote[:id]` — an expression (default 2)
 * - `portal[:name]` — MapChange through a portal of the current map (default `next00`), wait for the warp
 * - `wait[:ms]` — do nothing for a while (default 1000), to watch the others
 * - `logout` — close the connection
 * @module
 */
import type { Bot } from "./bot.ts";

/** One parsed step. */
export interface ScriptStep {
  action: "login" | "walk" | "chat" | "emote" | "portal" | "wait" | "logout";
  argument?: string;
}

const ACTIONS = new Set(["login", "walk", "chat", "emote", "portal", "wait", "logout"]);

/** Parses a script; throws naming the first unknown or malformed step. */
export function parseScript(text: string): ScriptStep[] {
  const steps = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const colon = s.indexOf(":");
    const action = colon < 0 ? s : s.slice(0, colon);
    const argument = colon < 0 ? undefined : s.slice(colon + 1);
    if (!ACTIONS.has(action)) {
      throw new Error(`unknown script step "${s}" (known: ${[...ACTIONS].join(", ")})`);
    }
    if (
      (action === "walk" || action === "emote" || action === "wait") && argument !== undefined &&
      !/^\d+$/.test(argument)
    ) {
      throw new Error(`script step "${s}": expected a whole number after ${action}:`);
    }
    return { action, argument } as ScriptStep;
  });
  if (steps.length === 0) throw new Error("empty script");
  return steps;
}

/** Runs `steps` on `bot`, pausing `delayMs` between steps. Rejects with the first failing step. */
export async function runScript(bot: Bot, steps: readonly ScriptStep[], delayMs = 500): Promise<void> {
  for (const [i, step] of steps.entries()) {
    if (i > 0 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    switch (step.action) {
      case "login":
        await bot.login();
        break;
      case "walk":
        await bot.walk(step.argument ? Number(step.argument) : 3, delayMs > 0 ? Math.min(delayMs, 500) : 0);
        break;
      case "chat":
        await bot.chat(step.argument ?? `hello from ${bot.characterId}`);
        break;
      case "emote":
        await bot.emote(step.argument ? Number(step.argument) : 2);
        break;
      case "portal":
        await bot.portal(step.argument || undefined);
        break;
      case "wait":
        await new Promise((r) => setTimeout(r, step.argument ? Number(step.argument) : 1000));
        break;
      case "logout":
        bot.close();
        return;
    }
  }
}
