/**
 * The channel's V8 flags are the same wherever it is started: deno.json's start and dev tasks, the
 * binaries of scripts/compile, and the benchmarks' production-path channel.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { CHANNEL_V8_FLAGS, v8FlagsArgument } from "../../src/server/v8-flags.ts";
import { channelDenoFlags } from "../../bench/production_path.ts";

const ROOT = new URL("../../", import.meta.url);
const ARGUMENT = v8FlagsArgument();

Deno.test("v8 flags: deno.json's start and dev tasks pass the channel's flags", () => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)));
  for (const task of ["start", "dev"]) {
    const words = (config.tasks[task] as string).split(/\s+/);
    assertEquals(words.filter((w) => w.startsWith("--v8-flags=")), [ARGUMENT], `task ${task}`);
    assertTrue(words.indexOf(ARGUMENT) < words.indexOf("main.ts"), `task ${task}: before main.ts`);
  }
});

Deno.test("v8 flags: scripts/compile bakes the channel's flags into every binary", () => {
  const script = Deno.readTextFileSync(new URL("scripts/compile", ROOT));
  assertTrue(script.includes(`v8flags=(${ARGUMENT})`), "scripts/compile defines the flags");
  const compiles = script.split("\n").filter((line) => /"\$deno" compile /.test(line));
  assertEquals(compiles.length, 2, "the host build and the per-target build");
  for (const line of compiles) assertTrue(line.includes('"${v8flags[@]}"'), line.trim());
});

Deno.test("v8 flags: the benchmarks' channel gets the channel's flags, merged with any of its own", () => {
  assertEquals(channelDenoFlags([]), [ARGUMENT]);
  assertEquals(
    channelDenoFlags(["--cpu-prof", "--v8-flags=--trace-gc"]),
    ["--cpu-prof", `--v8-flags=${[...CHANNEL_V8_FLAGS, "--trace-gc"].join(",")}`],
  );
});
