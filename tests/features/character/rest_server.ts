/**
 * Shared set-up of the lookup tests: a fixture REST server and a client pointed at it (short timeout,
 * two attempts so 500s are seen retried once).
 * @module
 */
import { type JsonApiServer, startJsonApiServer } from "../../support/jsonapi-server.ts";
import { createRestClient, type RestClient } from "../../../src/rest/client.ts";

/** Runs `body` against a fresh fixture server, always closing it. */
export async function withServer(
  body: (server: JsonApiServer, rest: RestClient) => Promise<void>,
): Promise<void> {
  const server = await startJsonApiServer();
  try {
    await body(
      server,
      createRestClient({
        baseServiceUrl: server.root,
        env: () => undefined,
        timeoutMs: 2_000,
        retry: { attempts: 2, baseDelayMs: 1 },
      }),
    );
  } finally {
    await server.close();
  }
}
