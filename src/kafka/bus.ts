/**
 * The message bus: publish validated messages to Atlas topics and consume them with Atlas' envelope
 * rules (tenant headers, W3C trace context, zod-validated JSON). Two adapters implement it: kafkajs on
 * a real broker and an in-memory broker for development and tests; `createBus` picks one.
 *
 * Semantics shared by both adapters:
 * - topic names come from `settings.topics[contract.variable]`;
 * - `publish` validates before sending (an invalid value rejects with {@link MessageValidationError} and
 *   nothing is sent) and resolves only once the broker has the message;
 * - keys are Atlas keys ({@link encodeKey} of a number, or raw bytes); one key → one partition → order;
 * - consumers join group `Channel Service - {serviceId}`, start at the latest offset when the group has
 *   none, handle one partition in order and commit only after the handlers finished (at-least-once);
 * - bad messages (invalid JSON, bad tenant headers, schema mismatch) and failing handlers are logged,
 *   counted (`kafka.consume.skipped{topic,reason}`) and skipped: the partition keeps going.
 * @module
 */
import type { MessageOf, TopicContract } from "./contract.ts";
import type { Tenant } from "../tenant.ts";
import type { BusHealth } from "./health.ts";

/** How to publish one message. */
export interface PublishOptions {
  /** Written as the four tenant headers. */
  tenant: Tenant;
  /** An id (encoded with `encodeKey`, as Atlas does) or ready key bytes (e.g. `sagaKey`). */
  key: number | Uint8Array;
}

/** A consumed, validated message. */
export interface Delivery<T> {
  value: T;
  tenant: Tenant;
  key?: Uint8Array;
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (offsets are 64-bit). */
  offset: string;
  headers: Record<string, Uint8Array>;
}

/** Handles one delivery; a rejection is logged and counted, and the partition moves on. */
export type DeliveryHandler<T> = (delivery: Delivery<T>) => Promise<void> | void;

/** Per-subscription options. */
export interface SubscribeOptions {
  /** Names the consumer in spans and logs (Atlas names spans after its consumers); default: the topic. */
  name?: string;
  /**
   * Start a group without committed offsets at the earliest offset instead of the latest. Atlas does
   * this (by omission) for EVENT_TOPIC_ACCOUNT_SESSION_STATUS and EVENT_TOPIC_NOTE_STATUS only.
   */
  fromBeginning?: boolean;
}

/** A message bus; see the module documentation for its semantics. */
export interface Bus {
  /** `"kafka"` or `"memory"`. */
  readonly kind: "kafka" | "memory";
  /** Validates, then sends; resolves when the broker acknowledged (acks=all). */
  publish<C extends TopicContract>(contract: C, value: MessageOf<C>, options: PublishOptions): Promise<void>;
  /** Registers a handler; only before {@link Bus.start}. Several handlers per topic are allowed. */
  subscribe<C extends TopicContract>(
    contract: C,
    handler: DeliveryHandler<MessageOf<C>>,
    options?: SubscribeOptions,
  ): void;
  /** Connects and starts consuming; resolves once the consumers are positioned. */
  start(): Promise<void>;
  /** Stops consuming, waits for running handlers and in-flight publishes, disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Whether the bus can publish and consume now (readiness); absent means ready once started. */
  health?(): BusHealth;
}

/** The consumer group of a channel service, exactly as Atlas names it. */
export function consumerGroupId(serviceId: string): string {
  return `Channel Service - ${serviceId}`;
}

/** A publish that did not reach the broker; names the topic and key. */
export class PublishError extends Error {
  override name = "PublishError";
  constructor(readonly topic: string, readonly key: string, reason: string, options?: ErrorOptions) {
    super(`publish to ${topic} (key ${key}) failed: ${reason}`, options);
  }
}

/** The value does not match its topic's schema; nothing was sent. */
export class MessageValidationError extends PublishError {
  override name = "MessageValidationError";
}

/** Too many publishes are waiting for the broker; the caller should retry later or drop. */
export class BusOverloadedError extends PublishError {
  override name = "BusOverloadedError";
}

/** The bus is not in a state that allows the call (subscribe after start, publish after stop, ...). */
export class BusStateError extends Error {
  override name = "BusStateError";
}
