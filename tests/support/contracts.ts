/**
 * Every Kafka topic contract the features declare, gathered from each `src/features/<domain>/messages.ts`
 * on disk (test-only: production wires the bus from each registered feature's `contracts`).
 * @module
 */
import type { TopicContract } from "../../src/kafka/contract.ts";

/** Whether a module export is a {@link TopicContract} (as made by `topicContract`). */
export function isTopicContract(value: unknown): value is TopicContract {
  return typeof value === "object" && value !== null && "variable" in value && "direction" in value &&
    "schema" in value;
}

/** The contracts a module exports, each object once (a module may export one contract under two names). */
export function contractsOf(module: Readonly<Record<string, unknown>>): TopicContract[] {
  return [...new Set(Object.values(module).filter(isTopicContract))];
}

/** The feature folders with a `messages.ts`, sorted. */
export async function messageDomains(): Promise<string[]> {
  const domains: string[] = [];
  for await (const entry of Deno.readDir(new URL("../../src/features/", import.meta.url))) {
    if (!entry.isDirectory) continue;
    try {
      if (
        (await Deno.stat(new URL(`../../src/features/${entry.name}/messages.ts`, import.meta.url))).isFile
      ) {
        domains.push(entry.name);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return domains.sort();
}

/** Each domain's `messages.ts` module, by domain. */
export async function messageModules(): Promise<Record<string, Readonly<Record<string, unknown>>>> {
  const modules: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const domain of await messageDomains()) {
    modules[domain] = await import(new URL(`../../src/features/${domain}/messages.ts`, import.meta.url).href);
  }
  return modules;
}

/** Every contract of every `messages.ts`, each object once. */
export async function allContracts(): Promise<TopicContract[]> {
  return [...new Set(Object.values(await messageModules()).flatMap(contractsOf))];
}
