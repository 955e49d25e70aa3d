/** `deno task sandbox` argument checks: a bad `--generated` is a usage mistake (exit 2), before anything starts. */
import { assertEquals } from "../support/assert.ts";
import { main } from "../../src/sandbox/main.ts";

Deno.test("sandbox main: --generated must be a count", async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(" "));
  try {
    assertEquals(await main(["--generated", "many"], {}), 2);
    assertEquals(await main(["--generated", "-3"], {}), 2);
  } finally {
    console.error = original;
  }
  assertEquals(errors.length, 2);
  assertEquals(errors[0].startsWith("sandbox: --generated: expected a count, got many"), true);
});
