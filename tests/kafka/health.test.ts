/** What counts as "cannot talk to the broker" (src/kafka/health.ts), so an outage is one warn line. */
import { assertEquals } from "../support/assert.ts";
import { isConnectionTrouble } from "../../src/kafka/health.ts";

Deno.test("kafka health: connection failures and a returning broker's loading coordinator are outage trouble", () => {
  for (
    const text of [
      "Connection error: connect ECONNREFUSED 127.0.0.1:19593",
      "KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group",
      "Response GroupCoordinator(key: 10, version: 2): The group coordinator is not available",
      "Response Heartbeat(key: 12, version: 3) This is not the correct coordinator for this group",
    ]
  ) assertEquals(isConnectionTrouble(text), true, text);
  assertEquals(isConnectionTrouble("ZodError: expected number at body.n"), false);
});
