/**
 * Every packet a feature sends by writer name is declared in some feature's `writers`: the start-up report
 * ("N writers bound; M of the configuration not implemented here") is built from those declarations, so
 * an undeclared writer would be reported as missing although the server sends it. The writer names are
 * read from the source (`ctx.send(…, NAME` / `ctx.broadcast(…, NAME`) and resolved through the features'
 * exported constants.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { FEATURES } from "../../src/features/mod.ts";

const FEATURES_DIR = new URL("../../src/features/", import.meta.url);

async function sourceFiles(dir: URL): Promise<URL[]> {
  const files: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) files.push(...await sourceFiles(url));
    else if (entry.name.endsWith(".ts")) files.push(url);
  }
  return files;
}

Deno.test("writers: every writer name a feature sends is declared by a feature", async () => {
  const files = await sourceFiles(FEATURES_DIR);
  // Exported string constants and objects of strings, by name (e.g. CHAT_WRITERS.whisper).
  const constants = new Map<string, string>();
  for (const file of files) {
    const exports = await import(file.href) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "string") constants.set(name, value);
      else if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) {
          if (typeof inner === "string") constants.set(`${name}.${key}`, inner);
        }
      }
    }
  }
  const declared = new Set(FEATURES.flatMap((f) => f.writers ?? []));
  const sent = new Map<string, string[]>();
  const unresolved: string[] = [];
  const call =
    /ctx\.(?:send|broadcast)\(\s*[^,()]+(?:\([^()]*\))?,\s*("[A-Za-z]+"|[A-Z][A-Z_]*(?:\.[a-zA-Z]+|\[)?)/g;
  for (const file of files) {
    // Comments (examples in doc comments) are not sends.
    const text = (await Deno.readTextFile(file)).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    for (const match of text.matchAll(call)) {
      const token = match[1];
      const where = file.pathname.slice(FEATURES_DIR.pathname.length);
      // `TABLE[kind]`: any of the table's writers may be sent.
      const names = token.startsWith('"')
        ? [token.slice(1, -1)]
        : token.endsWith("[")
        ? [...constants].filter(([key]) => key.startsWith(`${token.slice(0, -1)}.`)).map(([, value]) => value)
        : [constants.get(token)].filter((name): name is string => name !== undefined);
      if (names.length === 0) {
        unresolved.push(`${where}: ${token}`);
        continue;
      }
      for (const name of names) sent.set(name, [...(sent.get(name) ?? []), where]);
    }
  }
  assertTrue(sent.size > 40, `the source scan found only ${sent.size} writer names`);
  assertEquals(unresolved, [], "writer constants the scan could not resolve");
  const undeclared = [...sent.keys()].filter((name) => !declared.has(name)).sort();
  assertEquals(undeclared.map((n) => `${n} (sent in ${sent.get(n)!.join(", ")})`), []);
});
