import { assertEquals, assertTrue } from "../support/assert.ts";
import { getLogger, setupLogging } from "../../src/observability/log.ts";

Deno.test("log: the text format is one readable line per event, fields as key=value", () => {
  const lines: string[] = [];
  setupLogging("debug", (line) => lines.push(line), "text");
  try {
    const log = getLogger("net.session").with({ sessionId: "s-1" });
    const cause = new Error("Connection refused (os error 111)");
    log.warn("session {closed}", {
      reason: "slow reader",
      count: 3,
      ids: [1, 2],
      skipped: undefined,
      error: new Error("GET CHARACTERS characters/1: cannot reach 127.0.0.1:8080", { cause }),
    });
    log.debug("plain", { token: "a=b" });
    assertEquals(lines.length, 2);
    const [warn, debug] = lines;
    const stamp = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /;
    assertTrue(stamp.test(warn), warn);
    assertEquals(
      warn.replace(stamp, ""),
      'WARN  net.session: session {closed} sessionId=s-1 reason="slow reader" count=3 ids=[1,2] ' +
        'error="Error: GET CHARACTERS characters/1: cannot reach 127.0.0.1:8080 (cause: Connection refused (os error 111))"',
    );
    assertEquals(debug.replace(stamp, ""), 'DEBUG net.session: plain sessionId=s-1 token="a=b"');
    assertTrue(!warn.includes("\n"), "one line, no stack");
  } finally {
    setupLogging("error");
  }
});

Deno.test("log: the JSON format keeps its documented shape", () => {
  const lines: string[] = [];
  setupLogging("info", (line) => lines.push(line), "json");
  try {
    getLogger("app").info("configuration loaded", { tenants: ["t"], missing: undefined });
    const parsed = JSON.parse(lines[0]);
    assertEquals(Object.keys(parsed), ["time", "level", "logger", "msg", "tenants"]);
    assertEquals([parsed.level, parsed.logger, parsed.msg, parsed.tenants], [
      "info",
      "app",
      "configuration loaded",
      ["t"],
    ]);
  } finally {
    setupLogging("error");
  }
});
