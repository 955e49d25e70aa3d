/**
 * Socket write buffers cut from reusable slabs.
 *
 * Creating a typed array with its own backing store per write (hundreds per event-loop turn under load)
 * cost more than sealing the packets into it, so writes are cut from 64 KiB slabs. A slab used once and
 * dropped is freed only when V8 next collects garbage, and V8 lets tens of MiB of such outside-the-heap
 * memory pile up before it does: with 500 players moving in one map that was about 20 MB of slabs a second
 * and most of the process's malloc heap. So a slab is given back once every write cut from it has
 * completed ({@link WriteSlabs.release}) and cut again from the start; a write still in flight keeps its
 * slab out of use. Large writes get a buffer of their own.
 * @module
 */

/** Buffers for socket writes; see the module documentation. */
export interface WriteSlabs {
  /** A buffer of exactly `size` bytes for one write; its old contents are whatever was there. */
  take(size: number): Uint8Array;
  /** The write of `buffer` (from {@link take}) completed or failed; call once per buffer. */
  release(buffer: Uint8Array): void;
  /** Slabs created and reused so far (for tests and benchmarks). */
  readonly stats: { readonly created: number; readonly reused: number };
}

interface Slab {
  readonly bytes: Uint8Array;
  used: number;
  /** Cuts taken and not yet released. */
  outstanding: number;
}

/** Options of {@link writeSlabs}. */
export interface WriteSlabOptions {
  /** Bytes per slab (default 64 KiB); writes over an eighth of it get their own buffer. */
  slabSize?: number;
  /** Free slabs kept for reuse at most (default 32, i.e. 2 MiB); more are left to the garbage collector. */
  maxFree?: number;
}

/** A {@link WriteSlabs}. */
export function writeSlabs(options: WriteSlabOptions = {}): WriteSlabs {
  const slabSize = options.slabSize ?? 64 * 1024;
  const maxFree = options.maxFree ?? 32;
  const ofBuffer = new WeakMap<ArrayBufferLike, Slab>();
  const free: Slab[] = [];
  const stats = { created: 0, reused: 0 };

  const newSlab = (): Slab => {
    stats.created++;
    const slab: Slab = { bytes: new Uint8Array(slabSize), used: 0, outstanding: 0 };
    ofBuffer.set(slab.bytes.buffer, slab);
    return slab;
  };
  const recycle = (slab: Slab) => {
    if (free.length < maxFree) free.push(slab);
  };
  let current = newSlab();

  return {
    take(size) {
      if (size > slabSize / 8) return new Uint8Array(size);
      if (current.used + size > slabSize) {
        const full = current;
        const reused = free.pop();
        if (reused) {
          stats.reused++;
          reused.used = 0;
          current = reused;
        } else current = newSlab();
        if (full.outstanding === 0) recycle(full);
      }
      const out = current.bytes.subarray(current.used, current.used + size);
      current.used += size;
      current.outstanding++;
      return out;
    },
    release(buffer) {
      const slab = ofBuffer.get(buffer.buffer);
      if (!slab || slab.outstanding === 0) return;
      slab.outstanding--;
      if (slab.outstanding === 0 && slab !== current) recycle(slab);
    },
    stats,
  };
}
