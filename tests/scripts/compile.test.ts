/**
 * scripts/compile refuses a DENORT_BIN that is not denort, and keeps no binary that does not run as this
 * program; scripts/smoke_binary.ts (what CI runs on the built binary) rejects a binary that is not ours.
 */
import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";

const COMPILE = new URL("../../scripts/compile", import.meta.url).pathname;
const SMOKE = new URL("../../scripts/smoke_binary.ts", import.meta.url).pathname;

async function compile(denortBin: string) {
  const dist = await Deno.makeTempDir();
  const out = await new Deno.Command("bash", {
    args: [COMPILE],
    env: { DENORT_BIN: denortBin, DIST_DIR: dist },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const left = [...Deno.readDirSync(dist)].map((e) => e.name);
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr), left };
}

Deno.test("compile: DENORT_BIN pointing at the deno CLI is refused before building, with how to get denort", async () => {
  const { code, stderr, left } = await compile(Deno.execPath());
  assertEquals(code, 2, stderr);
  assertStringIncludes(stderr, "is the deno CLI, not denort");
  assertTrue(/the release asset denort-[a-z0-9_]+-unknown-linux-gnu\.zip of Deno v\d/.test(stderr), stderr);
  assertStringIncludes(stderr, "DENORT_BIN=/path/to/denort");
  assertEquals(left, [], "no binary written");
});

Deno.test("compile: a DENORT_BIN that is no executable file is refused", async () => {
  const { code, stderr, left } = await compile("/nonexistent/denort");
  assertEquals(code, 2, stderr);
  assertStringIncludes(stderr, "DENORT_BIN=/nonexistent/denort is not an executable file");
  assertEquals(left, []);
});

Deno.test("compile: a look-alike that answers like the deno CLI is refused too", async () => {
  const dir = await Deno.makeTempDir();
  const fake = `${dir}/denort`;
  await Deno.writeTextFile(
    fake,
    "#!/bin/sh\necho 'deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)'\n",
  );
  await Deno.chmod(fake, 0o755);
  const { code, stderr } = await compile(fake);
  assertEquals(code, 2, stderr);
  assertStringIncludes(stderr, "is the deno CLI, not denort");
});

Deno.test("smoke: a binary that is the deno CLI (a REPL, not our program) fails the version check", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", SMOKE, Deno.execPath()],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 1, stderr);
  assertStringIncludes(stderr, 'smoke: FAILED: --version printed "deno ');
  assertTrue(stderr.includes('expected "atlas-channel-deno 0.'), stderr);
});

Deno.test("smoke: a working program passes: version, ready, a bot logs in, SIGTERM exits 0", async () => {
  // Stands in for the compiled binary (denort cannot be downloaded here): the same program under `deno run`.
  const dir = await Deno.makeTempDir();
  const wrapper = `${dir}/atlas-channel`;
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const denoDir = Deno.env.get("DENO_DIR") ??
    new TextDecoder().decode(
      (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" }).output())
        .stdout,
    ).match(/"denoDir":\s*"([^"]+)"/)?.[1] ?? "";
  await Deno.writeTextFile(
    wrapper,
    `#!/bin/sh\nexport DENO_DIR='${denoDir}'\nexec '${Deno.execPath()}' run --allow-net --allow-env --allow-read --allow-sys '${main}' "$@"\n`,
  );
  await Deno.chmod(wrapper, 0o755);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", SMOKE, wrapper],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  assertStringIncludes(stderr, "smoke: --version ok (atlas-channel-deno 0.");
  assertStringIncludes(stderr, "smoke: a bot logged in, walked and chatted");
  assertStringIncludes(stderr, "SetField=1");
  assertStringIncludes(stderr, "smoke: SIGTERM drained and exited 0");
});
