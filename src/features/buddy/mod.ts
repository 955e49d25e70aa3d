/**
 * The buddy domain: `BuddyOperationHandle` → `COMMAND_TOPIC_BUDDY_LIST` (and invite `ACCEPT`),
 * `EVENT_TOPIC_BUDDY_LIST_STATUS` → `BuddyOperation`, and the list itself once after login (the
 * reference sends it right after SetField; we send it on the session's first field entry, which comes
 * right after SetField, from the read the login made for SetField's capacity). Buddy invitations arrive on
 * the invite topic (see the invite feature).
 * @module
 */
import type { Feature } from "../feature.ts";
import { sessionKey } from "../../net/session.ts";
import { buddyListCommandContract, buddyListStatusContract } from "./messages.ts";
import { BUDDY_OPERATION_HANDLE, handleBuddyOperation } from "./handlers.ts";
import { loginBuddyListKey, onBuddyListStatus, sendBuddyList } from "./consumers.ts";
import { BUDDY_OPERATION } from "./writers.ts";

/** Set once the session was sent its buddy list after login. */
const listSentKey = sessionKey<true>("buddy.listSent");

/** See the module documentation. */
export const buddyFeature: Feature = {
  name: "buddy",
  contracts: [buddyListCommandContract, buddyListStatusContract],
  writers: [BUDDY_OPERATION],
  handlers: (ctx) => ({
    [BUDDY_OPERATION_HANDLE]: (session, reader, options) =>
      handleBuddyOperation(ctx, session, reader, options),
  }),
  async onFieldEnter(ctx, session) {
    if (session.get(listSentKey)) return;
    session.set(listSentKey, true);
    const readAtLogin = session.get(loginBuddyListKey);
    session.set(loginBuddyListKey, undefined);
    await sendBuddyList(ctx, session, readAtLogin);
  },
  start(ctx) {
    ctx.bus.subscribe(buddyListStatusContract, (delivery) => onBuddyListStatus(ctx, delivery), {
      name: "buddy_list_status_event",
    });
  },
};
