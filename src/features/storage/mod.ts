/**
 * The storage domain: StorageOperationHandle (handlers.ts → storage sagas and `ARRANGE`) and the
 * storage show command and status events (consumers.ts → StorageOperation, every mode).
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { sagaCommandContract, sagaKeyId } from "../saga/messages.ts";
import { storageCommandContract, storageShowCommandContract, storageStatusContract } from "./messages.ts";
import { onStorageShow, onStorageStatus } from "./consumers.ts";
import { storageOperationHandler } from "./handlers.ts";
import { STORAGE_OPERATION_WRITER } from "./writers.ts";

/** See the module documentation. */
export const storageFeature: Feature = {
  name: "storage",
  contracts: [storageStatusContract, storageShowCommandContract, storageCommandContract, sagaCommandContract],
  writers: [STORAGE_OPERATION_WRITER],
  handlers(ctx) {
    return {
      StorageOperationHandle: storageOperationHandler({
        rest: ctx.rest,
        publishSaga: (tenant, saga) =>
          ctx.bus.publish(sagaCommandContract, saga, { tenant, key: sagaKeyId(saga.transactionId) }),
        publishStorage: (tenant, command) =>
          ctx.bus.publish(storageCommandContract, command, { tenant, key: command.accountId }),
        enableActions: (session: Session) => void sendEnableActions(ctx, session),
        mesoOf: (session) => session.get(loggedInCharacterKey)?.meso,
      }),
    };
  },
  start(ctx) {
    ctx.bus.subscribe(storageShowCommandContract, ({ value, tenant }) => onStorageShow(ctx, value, tenant), {
      name: "storage_show_command",
    });
    ctx.bus.subscribe(storageStatusContract, ({ value, tenant }) => onStorageStatus(ctx, value, tenant), {
      name: "storage_status_event",
    });
  },
};
