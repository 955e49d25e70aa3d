/** The field harness boots, serves two channels of one tenant and a second tenant, and stops cleanly. */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";

Deno.test(integration("field harness: boots two channels and a second tenant; hello on each", async () => {
  const started = performance.now();
  const field = await startField({ secondTenant: true });
  try {
    console.log(`field boot ${Math.round(performance.now() - started)} ms`);
    assertEquals(field.app.channels.length, 3);
    for (const [channelId, other] of [[1, false], [2, false], [1, true]] as const) {
      const client = await field.connect(channelId, other);
      assertEquals(client.hello.majorVersion, 83);
    }
  } finally {
    await field.stop();
  }
}));
