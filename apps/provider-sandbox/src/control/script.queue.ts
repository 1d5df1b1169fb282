import { randomUUID } from 'node:crypto';

/** A queued script: the steps still to answer, for the requests its `match` selects. */
export interface PendingScript<Match, Step> {
  script_id: string;
  match: Match;
  pending: Step[];
}

export interface ScriptQueue<Match, Step, Request> {
  /** Queues a script behind the ones already queued. */
  add(script: { match?: Match | undefined; responses: readonly Step[] }): PendingScript<Match, Step>;
  /** The next step of the first script that matches the request, consumed; undefined when none does. */
  take(request: Request): Step | undefined;
  list(): PendingScript<Match, Step>[];
  clear(): void;
}

/**
 * The failure modes tests script for one provider stand-in, consumed in order by the requests they match;
 * `matches` says whether a script's match selects a request (every field it gives must agree).
 */
export function createScriptQueue<Match extends object, Step, Request>(
  matches: (match: Match, request: Request) => boolean,
): ScriptQueue<Match, Step, Request> {
  let scripts: PendingScript<Match, Step>[] = [];
  const copy = (script: PendingScript<Match, Step>) => ({ ...script, pending: [...script.pending] });
  return {
    add(script) {
      const pending = {
        script_id: randomUUID(),
        match: script.match ?? ({} as Match),
        pending: [...script.responses],
      };
      scripts.push(pending);
      return copy(pending);
    },
    take(request) {
      const script = scripts.find((candidate) => matches(candidate.match, request));
      if (!script) return undefined;
      const step = script.pending.shift();
      if (script.pending.length === 0) scripts = scripts.filter((candidate) => candidate !== script);
      return step;
    },
    list: () => scripts.map(copy),
    clear() {
      scripts = [];
    },
  };
}
