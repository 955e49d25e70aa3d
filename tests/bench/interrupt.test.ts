/**
 * A benchmark interrupted by SIGINT or SIGTERM stops what it started, newest first, and nothing it already
 * stopped (bench/interrupt.ts), then exits with 130.
 */
import { assertEquals } from "../support/assert.ts";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`bench interrupt: ${signal} runs the registered stops, newest first, and exits 130`, async () => {
    const file = await Deno.makeTempFile();
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL("./interrupt_child.ts", import.meta.url).pathname, file],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let out = "";
      while (!out.includes("ready")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`child ended before it was ready: ${out}`);
        out += value;
      }
      child.kill(signal);
      const status = await child.status;
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      await child.stderr.cancel().catch(() => {});
      assertEquals(status.code, 130);
      assertEquals(await Deno.readTextFile(file), "channel\nbroker\n");
    } finally {
      await Deno.remove(file);
    }
  });
}
