import { assertEquals, assertTrue } from "../support/assert.ts";
import {
  RestError,
  RestMalformedResponseError,
  RestNotFoundError,
  RestSchemaError,
  RestTimeoutError,
} from "../../src/rest/errors.ts";

const where = { service: "CHARACTERS", method: "GET", path: "characters/1001" };

Deno.test("rest errors: every message names method, service and path", () => {
  const cause = new SyntaxError("Unexpected end of JSON input");
  const errors: [RestError, string][] = [
    [new RestNotFoundError(where), "GET CHARACTERS characters/1001: not found (HTTP 404)"],
    [
      new RestError({ ...where, status: 502, attempts: 3 }, "unexpected status"),
      "GET CHARACTERS characters/1001: unexpected status (HTTP 502) after 3 attempts",
    ],
    [new RestTimeoutError(where, 250), "GET CHARACTERS characters/1001: no response within 250 ms"],
    [
      new RestMalformedResponseError({ ...where, status: 200, cause }, "malformed JSON"),
      "GET CHARACTERS characters/1001: malformed JSON (HTTP 200)",
    ],
    [
      new RestSchemaError(where, ["data.attributes.level: expected number"]),
      "GET CHARACTERS characters/1001: response does not match the expected resource: data.attributes.level: expected number",
    ],
  ];
  for (const [error, message] of errors) {
    assertEquals(error.message, message);
    assertTrue(error instanceof RestError && error instanceof Error);
    assertEquals([error.service, error.method, error.path], ["CHARACTERS", "GET", "characters/1001"]);
  }
  assertEquals(errors[0][0].name, "RestNotFoundError");
  assertEquals(errors[0][0].status, 404);
  assertEquals(errors[1][0].attempts, 3);
  assertEquals(errors[2][0].attempts, 1);
  assertEquals(errors[3][0].cause, cause);
});
