import Handlebars from 'handlebars';
import { LRUCache } from 'lru-cache';
import type { RenderedTemplate, Template } from '@herald/contracts';
import { checkVariables } from './template.variables';
import { templateParts, type TemplatePart } from './template.syntax';

type CompiledPart = Handlebars.TemplateDelegate<Record<string, unknown>>;
type CompiledTemplate = Partial<Record<TemplatePart, CompiledPart>>;

// An environment of our own, with every built-in helper declared unknown: `{{log}}` or `{{lookup}}`
// is then a lookup of a variable of that name, never a helper call.
const handlebars = Handlebars.create();
const compileOptions: CompileOptions = {
  strict: true,
  data: false,
  knownHelpersOnly: true,
  knownHelpers: {
    helperMissing: false,
    blockHelperMissing: false,
    each: false,
    if: false,
    unless: false,
    with: false,
    log: false,
    lookup: false,
  },
};
// Handlebars' defaults, spelled out because they are what keeps `{{constructor}}` off the prototypes.
const runtimeOptions: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

/** Compiles one part: an `html` part escapes the values it prints; the others are text and print them as given. */
export function compileTemplatePart(source: string, part: TemplatePart): CompiledPart {
  const render = handlebars.compile<Record<string, unknown>>(source, {
    ...compileOptions,
    noEscape: part !== 'html',
  });
  return (variables) => render(variables, runtimeOptions);
}

function compileTemplate(template: Template): CompiledTemplate {
  const compiled: CompiledTemplate = {};
  for (const part of templateParts) {
    const source = template[part];
    if (source !== null) compiled[part] = compileTemplatePart(source, part);
  }
  return compiled;
}

/** The subject becomes an email header: a line break in it would start a header of the caller's choosing. */
function toHeaderValue(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

// A function of its own rather than a closure per render: the TypeScript loader (tsx) names every closure
// it defines, a defineProperty each time.
function runPart(
  parts: CompiledTemplate,
  part: TemplatePart,
  variables: Record<string, unknown>,
): string | null {
  return parts[part]?.(variables) ?? null;
}

export interface TemplateRenderer {
  render(template: Template, variables: Record<string, unknown>): RenderedTemplate;
}

/** Renders template versions, compiling each once and keeping at most `maxCompiled` of them in memory. */
export function createTemplateRenderer(options: { maxCompiled: number }): TemplateRenderer {
  // A pure cache: versions never change, so a compiled version is valid for as long as it is kept.
  const compiled = new LRUCache<string, CompiledTemplate>({ max: options.maxCompiled });

  function compiledOf(template: Template): CompiledTemplate {
    let entry = compiled.get(template.template_id);
    if (!entry) {
      entry = compileTemplate(template);
      compiled.set(template.template_id, entry);
    }
    return entry;
  }

  return {
    render(template, variables) {
      checkVariables(template.variables, variables);
      const parts = compiledOf(template);
      const subject = runPart(parts, 'subject', variables);
      return {
        subject: subject === null ? null : toHeaderValue(subject),
        body: runPart(parts, 'body', variables),
        html: runPart(parts, 'html', variables),
        title: runPart(parts, 'title', variables),
        language: template.language,
        version: template.version,
      };
    },
  };
}
