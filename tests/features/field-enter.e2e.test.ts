/**
 * `Feature.onFieldEnter` on the production path (field harness, real broker): after the map domain
 * handled `CHARACTER_ENTER`, every feature's hook runs in feature order with the session and the map, after
 * the characters' spawns were sent; a hook that throws (or rejects) is logged and the next still runs.
 */
import { assertEquals } from "../support/assert.ts";
import { integration } from "../support/kafka.ts";
import { HENESYS, startField } from "../support/field.ts";
import { receiveUntil } from "../support/receive.ts";
import type { Feature } from "../../src/features/feature.ts";
import { FEATURES } from "../../src/features/mod.ts";
import { writeWorldMessage } from "../../src/features/system-message/writers.ts";

const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");

Deno.test(
  integration(
    "onFieldEnter: each feature's hook runs after CHARACTER_ENTER's spawns; a failing one does not stop the next",
    async () => {
      const calls: string[] = [];
      const throwing: Feature = {
        name: "throwing-probe",
        contracts: [],
        onFieldEnter(_ctx, session) {
          calls.push(`throwing:${session.characterId}`);
          throw new Error("a broken feature");
        },
      };
      const rejecting: Feature = {
        name: "rejecting-probe",
        contracts: [],
        onFieldEnter(_ctx, session) {
          calls.push(`rejecting:${session.characterId}`);
          return Promise.reject(new Error("a broken look-up"));
        },
      };
      const probe: Feature = {
        name: "enter-probe",
        contracts: [],
        onFieldEnter(ctx, session, mapId) {
          calls.push(`probe:${session.characterId}:${mapId}:${ctx.presence.mapOf(session)}`);
          // What a domain does: send the newcomer its map objects (here a notice naming the map).
          ctx.send(
            session,
            "WorldMessage",
            (w, options) => writeWorldMessage(w, options, { mode: "POP_UP", text: `entered ${mapId}` }),
          );
        },
      };
      const field = await startField({ features: [...FEATURES, throwing, rejecting, probe] });
      try {
        const aria = await field.login(1001); // Henesys
        const cody = await field.login(2001); // Henesys, after Aria
        // POP_UP (1), then "entered 100000000".
        const notice = "01 11 00 65 6e 74 65 72 65 64 20 31 30 30 30 30 30 30 30 30";
        const worldMessage = field.writerOpcode("WorldMessage");
        const spawn = field.writerOpcode("CharacterSpawn");
        for (const who of [aria, cody]) {
          const seen = await receiveUntil(who.client, (p) => p.opcode === worldMessage, {
            what: `the probe's notice for ${who.character.name}`,
          });
          assertEquals(toHex(seen[seen.length - 1].body), notice);
          if (who === cody) {
            // Called after the spawns: Cody was shown Aria before the hook's packet.
            const spawned = seen.filter((p) => p.opcode === spawn).map((p) => toHex(p.body.subarray(0, 4)));
            assertEquals(spawned, ["e9 03 00 00"]);
          }
        }
        assertEquals(calls, [
          "throwing:1001",
          "rejecting:1001",
          `probe:1001:${HENESYS}:${HENESYS}`,
          "throwing:2001",
          "rejecting:2001",
          `probe:2001:${HENESYS}:${HENESYS}`,
        ]);
      } finally {
        await field.stop();
      }
    },
  ),
);
