export interface DeadlineSignal {
  readonly signal: AbortSignal;
  /** Stops the timer and the listener; call once the send is done. */
  release(): void;
}

const noop = () => undefined;

/**
 * A signal that aborts when `signal` does or after `timeoutMs`, whichever comes first. A plain controller and
 * timer: on Node 20, AbortSignal.any with AbortSignal.timeout makes transferable signals, ~25 µs per send.
 */
export function deadlineSignal(signal: AbortSignal, timeoutMs: number): DeadlineSignal {
  const controller = new AbortController();
  if (signal.aborted) {
    controller.abort(signal.reason);
    return { signal: controller.signal, release: noop };
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
