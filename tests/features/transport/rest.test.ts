import { assertEquals } from "../../support/assert.ts";
import { isBoatDocked, routeResourceSchema } from "../../../src/features/transport/rest.ts";

Deno.test("transport: a boat is docked where a route starts while boarding is open or locked", () => {
  const routes = [
    { startMapId: 101000300, state: "open_entry" },
    { startMapId: 200000100, state: "locked_entry" },
    { startMapId: 220000110, state: "in_transit" },
    { startMapId: 240000110, state: "awaiting_return" },
  ];
  assertEquals(isBoatDocked(routes, 101000300), true);
  assertEquals(isBoatDocked(routes, 200000100), true);
  assertEquals(isBoatDocked(routes, 220000110), false);
  assertEquals(isBoatDocked(routes, 240000110), false);
  assertEquals(isBoatDocked(routes, 100000000), false);
});

Deno.test("transport: a route whose schedule is listed but not included keeps the trip ids", () => {
  const route = routeResourceSchema.parse({
    type: "routes",
    id: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
    attributes: { startMapId: 101000300, state: "open_entry", enRouteMapIds: null },
    relationships: { schedule: [{ type: "trip-schedule", id: "c0ffee00-1111-4222-8333-444455556666" }] },
  });
  assertEquals(route.attributes.enRouteMapIds, []);
  assertEquals(route.relationships.schedule, [{
    type: "trip-schedule",
    id: "c0ffee00-1111-4222-8333-444455556666",
    attributes: { boardingOpen: null, boardingClosed: null, departure: null, arrival: null },
    relationships: {},
  }]);
});
