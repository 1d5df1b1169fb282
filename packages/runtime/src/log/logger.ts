import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation.context';

export type { Logger };

/**
 * Standard output, written in the background: while one write is on its way the next lines gather behind it, so
 * a busy service writes many lines per syscall and an idle one each line at once; pino flushes it on exit.
 */
function logDestination() {
  return pino.destination({ dest: 1, sync: false });
}

/** The one logger of a process: JSON lines, the service name and the current correlation id on each. */
export function createLogger(options: { service: string; level: string }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlation_id: correlationId } : {};
      },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'access_token',
          '*.access_token',
          'key',
          'authorization',
        ],
        censor: '[redacted]',
      },
    },
    logDestination(),
  );
}
