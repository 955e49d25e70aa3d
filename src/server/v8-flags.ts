/**
 * The V8 flags the channel runs with: `deno task start` and `deno task dev` (deno.json), the binaries of
 * `deno task compile` (scripts/compile bakes them in) and the benchmarks' production-path channel.
 * tests/server/v8_flags.test.ts keeps those places equal to this list.
 *
 * `--max-semi-space-size=8` (MiB): V8's young generation otherwise grows to its default maximum under a
 * crowd's broadcast traffic and keeps those pages; with 500 players moving in one map the channel's RSS was
 * 254–259 MiB in seven runs with it against 253–296 MiB (mostly about 290) without, for the same CPU and
 * latency (README, "Production-path performance").
 *
 * `--heap-growing-percent=50`: after a full collection V8 lets the old generation grow to 1.5 times what
 * survived before the next one (by default up to about four times under a steady allocation rate). A crowd's
 * broadcasts promote a few MiB/s of short-lived objects (mostly the bookkeeping of pending socket reads and
 * writes and of publishes awaiting the broker), so between collections the old generation held ~140 MiB of
 * pages for ~40 MiB alive; with the factor at 1.5 the same 500-player run keeps RSS at 164–180 MiB instead of
 * 241–263 MiB, for the same CPU and latency (a full collection of a heap this size costs a few ms of mostly
 * incremental work). It is a factor, not a limit: a larger live heap still gets room in proportion.
 * @module
 */

/** The flags, as `--v8-flags` takes them one by one. */
export const CHANNEL_V8_FLAGS: readonly string[] = ["--max-semi-space-size=8", "--heap-growing-percent=50"];

/** The `--v8-flags=…` argument for `deno run` / `deno compile`, with `extra` flags after the channel's. */
export function v8FlagsArgument(extra: readonly string[] = []): string {
  return `--v8-flags=${[...CHANNEL_V8_FLAGS, ...extra].join(",")}`;
}
