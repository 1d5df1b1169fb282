/** One part of the inbox page (emails, pushes), its body already escaped markup. */
export interface InboxSection {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and for quoted attribute values (srcdoc included). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

/**
 * The inbox page's own policy: no script at all, no external asset, and previews that inherit it (a srcdoc
 * frame takes its parent's policy), so an email cannot load a tracking pixel either.
 */
export const inboxContentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const styles = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header.page { background: #1d2330; color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
  header.page h1 { font-size: 18px; margin: 0; }
  header.page small { color: #aab2c5; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
  section > h2 { font-size: 16px; border-bottom: 1px solid #d5d9e2; padding-bottom: 4px; }
  article { background: #fff; border: 1px solid #d5d9e2; border-radius: 6px; margin: 12px 0; padding: 12px 16px; }
  article h3 { font-size: 15px; margin: 0 0 6px; overflow-wrap: anywhere; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; color: #4a5368; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 320px; border: 1px solid #e3e6ec; border-radius: 4px; background: #fff; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f8f9fb; padding: 8px; border-radius: 4px; margin: 0; }
  .empty { color: #6b7489; font-style: italic; }
  .kind { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; background: #e3e8f4; color: #2c3a5c; border-radius: 3px; padding: 1px 6px; margin-right: 4px; vertical-align: middle; }
  .error { color: #a3261b; }
  details { margin-top: 6px; }
  @media (min-width: 1200px) {
    main { max-width: 1600px; display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; align-items: start; }
  }
`;

/** The whole inbox page: no script, no external asset, refreshed by the browser every `refreshSeconds`. */
export function renderInboxPage(options: {
  sections: readonly InboxSection[];
  refreshSeconds: number;
  now: Date;
}): string {
  const sections = options.sections
    .map(
      (section) =>
        `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>${section.body}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${options.refreshSeconds}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald provider sandbox</title>
<style>${styles}</style>
</head>
<body>
<header class="page"><h1>Herald provider sandbox</h1><small>refreshes every ${options.refreshSeconds} s, last at ${escapeHtml(options.now.toISOString())}</small></header>
<main>
${sections}
</main>
</body>
</html>
`;
}
