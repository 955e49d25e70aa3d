/**
 * Write pacing: the governor engages it only while the process is busy (with a release gap), and a paced
 * session writes at once when it has not written for the interval, otherwise holds its output until the
 * interval has passed and then writes all of it in one write.
 */
import { fakeConn } from "../support/session.ts";
import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import { writePacingGovernor } from "../../src/net/write-pacing.ts";
import { createSession, setWritePacing } from "../../src/net/session.ts";
import { clientCrypto, serverCrypto } from "../../src/protocol/crypto.ts";
import { frameDecoder } from "../../src/net/frame.ts";
import type { Tenant } from "../../src/tenant.ts";

/** A process whose CPU use the test sets per sample: `share` of one core over each 500 ms. */
function fakeProcess() {
  let cpu = 0;
  let at = 0;
  const applied: number[] = [];
  return {
    applied,
    run(share: number) {
      at += 500;
      cpu += share * 500 * 1000;
    },
    options: { cpuMicros: () => cpu, now: () => at, apply: (ms: number) => applied.push(ms) },
  };
}

Deno.test("write pacing governor: engages above 80% of a core, releases below 60%, not in between", () => {
  const p = fakeProcess();
  const governor = writePacingGovernor({ intervalMs: 20, ...p.options });
  for (
    const [share, engaged] of [[0.5, false], [0.79, false], [0.95, true], [0.7, true], [0.61, true], [
      0.4,
      false,
    ]] as const
  ) {
    p.run(share);
    governor.sample();
    assertEquals(governor.engaged, engaged, `after a sample at ${share}`);
  }
  assertEquals(p.applied, [20, 0], "applied once when engaging and once when releasing");
});

Deno.test("write pacing governor: interval 0 never engages", () => {
  const p = fakeProcess();
  const governor = writePacingGovernor({ intervalMs: 0, ...p.options });
  p.run(1.5);
  governor.sample();
  assertEquals(governor.engaged, false);
  assertEquals(p.applied, []);
});

Deno.test("setWritePacing: a negative or non-finite interval is refused", () => {
  assertThrows(() => setWritePacing(-1), RangeError);
  assertThrows(() => setWritePacing(Number.NaN), RangeError);
});

const TENANT: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const PARAMS = { region: "GMS", majorVersion: 83 };
const SEND_IV = Uint8Array.of(0x46, 0x72, 0x7a, 0x0b);
const RECV_IV = Uint8Array.of(0x11, 0x22, 0x33, 0x44);

Deno.test("write pacing: a session that wrote within the interval holds its output, then writes it in one write", async () => {
  const writes: { at: number; bytes: Uint8Array }[] = [];
  const conn = fakeConn((p) => {
    writes.push({ at: performance.now(), bytes: p.slice() });
    return Promise.resolve(p.length);
  });
  setWritePacing(200);
  const session = createSession({
    conn,
    tenant: TENANT,
    worldId: 0,
    channelId: 0,
    handshake: { hello: new Uint8Array(0), ...serverCrypto(PARAMS, SEND_IV, RECV_IV) },
    onPacket: () => {},
  });
  try {
    const waitForWrites = async (n: number) => {
      const deadline = performance.now() + 5000;
      while (writes.length < n && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assertEquals(writes.length, n, `${n} writes`);
    };
    const sentAt = performance.now();
    session.send(Uint8Array.of(0x01, 0x00, 0xaa));
    await waitForWrites(1);
    assertTrue(writes[0].at - sentAt < 150, "the first packet is written at once (no write for an interval)");
    session.send(Uint8Array.of(0x02, 0x00, 0xbb));
    await new Promise((r) => setTimeout(r, 0));
    session.send(Uint8Array.of(0x03, 0x00, 0xcc));
    await waitForWrites(2);
    assertTrue(
      writes[1].at - writes[0].at >= 195,
      `held for the interval: ${writes[1].at - writes[0].at} ms`,
    );
    // Both held packets are in that one write, in order, decrypting with the client's IV sequence.
    const decoder = frameDecoder(clientCrypto(PARAMS, SEND_IV, RECV_IV).recv);
    const bodies = [...decoder.push(writes[0].bytes).bodies, ...decoder.push(writes[1].bytes).bodies];
    assertEquals(bodies.map((b) => [...b]), [[0x01, 0x00, 0xaa], [0x02, 0x00, 0xbb], [0x03, 0x00, 0xcc]]);
  } finally {
    setWritePacing(0);
    await session.close("test done");
  }
});
