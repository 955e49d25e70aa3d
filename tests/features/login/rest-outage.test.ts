/**
 * atlas-character down during logins (real broker, field harness): every client is closed promptly
 * instead of waiting on its loading screen, and logins work again as soon as the service answers.
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { characterDocument, startField } from "../../support/field.ts";

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test(
  integration(
    "login: with atlas-character down each client is closed at once; back up, login works",
    async () => {
      const field = await startField();
      try {
        const aria = field.character(1001);
        field.rest.on("GET", "characters/1001", { status: 503 });
        const budgetMs = 5_000; // three attempts with backoff under 2 s each, well inside it
        for (let i = 0; i < 8; i++) {
          const client = await field.connect();
          await client.send(field.packet("CharacterLoggedInHandle", (w) => w.uint32(1001).uint16(0)));
          const closed = await within(client.closed, budgetMs, `login ${i + 1} to be closed`);
          assertEquals(closed.reason, "eof");
        }
        field.rest.on("GET", "characters/1001", { json: characterDocument(aria) });
        const back = await field.login(1001);
        assertEquals(back.session.characterId, 1001);
      } finally {
        await field.stop();
      }
    },
  ),
);
