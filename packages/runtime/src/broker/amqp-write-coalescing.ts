import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';

interface MuxPrototype {
  _readIncoming(this: { out: Writable }): void;
  heraldCoalesced?: true;
}

/**
 * amqplib (0.10) writes every frame it has queued to the socket with its own `write`: a syscall, and a TCP
 * segment for RabbitMQ to read, per publish and per ack. Corking the socket for each pass of its multiplexer
 * sends what one pass has in one `writev`, with no timer and no wait (toa-io/comq measured a third less CPU
 * per message at high rates with the same corking, and asks for it upstream). Applied once per process; an
 * amqplib without that method is left as it is.
 */
export function coalesceAmqpWrites(): boolean {
  const require = createRequire(import.meta.url);
  let mux: MuxPrototype | undefined;
  try {
    mux = (require('amqplib/lib/mux.js') as { Mux?: { prototype: MuxPrototype } }).Mux?.prototype;
  } catch {
    return false;
  }
  if (!mux || typeof mux._readIncoming !== 'function') return false;
  if (mux.heraldCoalesced) return true;
  const readIncoming = mux._readIncoming;
  mux._readIncoming = function coalescedReadIncoming() {
    const out = this.out;
    out.cork();
    try {
      readIncoming.call(this);
    } finally {
      out.uncork();
    }
  };
  mux.heraldCoalesced = true;
  return true;
}
