/**
 * The child of interrupt.test.ts: registers three stops (the second one forgotten again), each appending
 * its name to the file named by the first argument, prints "ready" and waits to be interrupted.
 */
import { stopOnInterrupt } from "../../bench/interrupt.ts";

const file = Deno.args[0];
const stopNamed = (name: string) => () => Deno.writeTextFile(file, `${name}\n`, { append: true });
stopOnInterrupt(stopNamed("broker"));
const forget = stopOnInterrupt(stopNamed("stopped-already"));
stopOnInterrupt(stopNamed("channel"));
forget();
console.log("ready");
setInterval(() => {}, 1000);
