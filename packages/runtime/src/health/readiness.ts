export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<unknown>;
}

export interface CheckResult {
  ok: boolean;
  latency_ms: number;
  error?: string;
}

const checkTimeoutMs = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every readiness check at once, each bounded by a timeout. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
): Promise<Record<string, CheckResult>> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckResult]> => {
      const started = performance.now();
      try {
        await withTimeout(check(), checkTimeoutMs);
        return [name, { ok: true, latency_ms: Math.round(performance.now() - started) }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { ok: false, latency_ms: Math.round(performance.now() - started), error: message }];
      }
    }),
  );
  return Object.fromEntries(results);
}
