/**
 * The portal domain: portal walk-through and scripted portals → `COMMAND_TOPIC_PORTAL`.
 * @module
 */
import type { Feature } from "../feature.ts";
import { mapChangeHandler, portalScriptHandler } from "./handlers.ts";
import { portalCommandContract } from "./messages.ts";
import { portalDirectory } from "./rest.ts";
import { returnFromCashShop } from "../cash-shop/mod.ts";

/** See the module documentation. */
export const portalFeature: Feature = {
  name: "portal",
  contracts: [portalCommandContract],
  handlers(ctx) {
    const portals = ctx.rest ? portalDirectory(ctx.rest) : undefined;
    return {
      MapChangeHandle: mapChangeHandler(ctx, portals, (session) => returnFromCashShop(ctx, session)),
      PortalScriptHandle: portalScriptHandler(ctx, portals),
    };
  },
};
