/** The background offset committer (src/kafka/offset-commits.ts), against a recording commit function. */
import { createOffsetCommitter, type PartitionOffset } from "../../src/kafka/offset-commits.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";

function deferred(): { promise: Promise<void>; resolve(): void; reject(err: Error): void } {
  let resolve!: () => void, reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A committer whose commits succeed at once and are recorded; no timer commit within a test. */
function recordingCommitter() {
  const commits: PartitionOffset[][] = [];
  const committer = createOffsetCommitter({
    intervalMs: 60_000,
    commit: (offsets) => {
      commits.push(offsets);
      return Promise.resolve();
    },
  });
  return { commits, committer };
}

const byPartition = (offsets: PartitionOffset[]) =>
  [...offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);

Deno.test("offset commits: the position after the last handled record of each partition, in one commit", async () => {
  const { commits, committer } = recordingCommitter();
  committer.handled("a", 0, "5");
  committer.handled("a", 0, "6");
  committer.handled("a", 1, "2");
  committer.handled("b", 0, "9");
  await committer.flush();
  assertEquals(commits.length, 1);
  assertEquals(byPartition(commits[0]), [
    { topic: "a", partition: 0, offset: "7" },
    { topic: "a", partition: 1, offset: "3" },
    { topic: "b", partition: 0, offset: "10" },
  ]);
  assertEquals(committer.pending, 0);
  await committer.flush();
  assertEquals(commits.length, 1, "nothing new: no empty commit");
  committer.close();
});

Deno.test("offset commits: one commit at a time; records handled meanwhile go in the next", async () => {
  const commits: PartitionOffset[][] = [];
  const answers: ReturnType<typeof deferred>[] = [];
  const committer = createOffsetCommitter({
    intervalMs: 0,
    commit: (offsets) => {
      commits.push(offsets);
      const answer = deferred();
      answers.push(answer);
      return answer.promise;
    },
  });
  committer.handled("a", 0, "1");
  await until(() => commits.length === 1, "the first commit");
  committer.handled("a", 0, "2");
  committer.handled("a", 0, "3");
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(commits.length, 1, "no second commit while the first is in flight");
  answers[0].resolve();
  await until(() => commits.length === 2, "the second commit");
  assertEquals(commits[1], [{ topic: "a", partition: 0, offset: "4" }]);
  answers[1].resolve();
  committer.close();
});

Deno.test("offset commits: a failed commit is reported and tried again, unless a newer position came", async () => {
  const commits: PartitionOffset[][] = [];
  const errors: string[] = [];
  let fail = true;
  const committer = createOffsetCommitter({
    intervalMs: 60_000,
    commit: (offsets) => {
      commits.push(offsets);
      return fail ? Promise.reject(new Error("coordinator gone")) : Promise.resolve();
    },
    onError: (err) => errors.push((err as Error).message),
  });
  committer.handled("a", 0, "1");
  committer.handled("a", 1, "4");
  await committer.flush();
  assertEquals(errors, ["coordinator gone"]);
  assertEquals(committer.pending, 2, "kept for the next commit");
  committer.handled("a", 1, "5"); // newer than the failed one
  fail = false;
  await committer.flush();
  assertEquals(byPartition(commits[1]), [
    { topic: "a", partition: 0, offset: "2" },
    { topic: "a", partition: 1, offset: "6" },
  ]);
  assertEquals(committer.pending, 0);
  committer.close();
});

Deno.test("offset commits: only the member's assigned partitions are committed", async () => {
  const { commits, committer } = recordingCommitter();
  committer.handled("a", 0, "1");
  committer.handled("a", 1, "1");
  committer.assigned({ a: [1], b: [0] }); // partition 0 of a went to another member
  committer.handled("a", 0, "2"); // a late handler of the partition given away
  committer.handled("b", 0, "7");
  committer.positioned("b", 1, "40"); // not assigned either
  await committer.flush();
  assertEquals(byPartition(commits[0]), [
    { topic: "a", partition: 1, offset: "2" },
    { topic: "b", partition: 0, offset: "8" },
  ]);
  committer.close();
});

Deno.test("offset commits: a seek position is committed as it is", async () => {
  const { commits, committer } = recordingCommitter();
  committer.assigned({ a: [0] });
  committer.positioned("a", 0, "120");
  await committer.flush();
  assertEquals(commits, [[{ topic: "a", partition: 0, offset: "120" }]]);
  committer.close();
});

Deno.test("offset commits: commits start at least the interval apart; close stops the timer", async () => {
  const starts: number[] = [];
  const committer = createOffsetCommitter({
    intervalMs: 60,
    commit: () => {
      starts.push(performance.now());
      return Promise.resolve();
    },
  });
  committer.handled("a", 0, "1");
  await until(() => starts.length === 1, "the first commit");
  committer.handled("a", 0, "2");
  await until(() => starts.length === 2, "the second commit");
  assertTrue(starts[1] - starts[0] >= 59, `second commit ${starts[1] - starts[0]} ms after the first`);
  committer.handled("a", 0, "3");
  committer.close();
  await new Promise((r) => setTimeout(r, 100));
  assertEquals(starts.length, 2, "closed: the scheduled commit does not run");
  assertEquals(committer.pending, 1);
  await committer.flush();
  assertEquals(starts.length, 3, "flush still commits");
});
