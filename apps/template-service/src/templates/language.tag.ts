/**
 * A language tag in its conventional case (`pt-br` becomes `pt-BR`, `zh-hant-tw` becomes `zh-Hant-TW`), so
 * one language is stored and looked up under one spelling. Deliberately not Intl's canonicalisation,
 * which also rewrites tags (`iw` to `he`) and would surprise whoever created the template.
 */
export function canonicalLanguage(tag: string): string {
  return tag
    .split('-')
    .map((subtag, index) => {
      if (index === 0) return subtag.toLowerCase();
      if (/^[A-Za-z]{2}$/.test(subtag)) return subtag.toUpperCase();
      if (/^[A-Za-z]{4}$/.test(subtag)) return subtag[0]!.toUpperCase() + subtag.slice(1).toLowerCase();
      return subtag.toLowerCase();
    })
    .join('-');
}

/**
 * The languages to try, best first: the tag, then each shorter prefix of it (RFC 4647 lookup:
 * `pt-BR`, `pt`), then the template's default language.
 */
export function languageFallbacks(requested: string | undefined, defaultLanguage: string): string[] {
  const candidates: string[] = [];
  if (requested !== undefined) {
    const subtags = canonicalLanguage(requested).split('-');
    for (let length = subtags.length; length > 0; length -= 1)
      candidates.push(subtags.slice(0, length).join('-'));
  }
  candidates.push(defaultLanguage);
  return [...new Set(candidates)];
}
