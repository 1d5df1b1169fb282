import Handlebars from 'handlebars';
import type { ValidationDetail } from '@herald/contracts';
import { AppError } from '@herald/runtime';

export const templateParts = ['subject', 'body', 'html', 'title'] as const;
export type TemplatePart = (typeof templateParts)[number];
export type TemplateSources = Partial<Record<TemplatePart, string>>;

const pathSegment = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function at(node: hbs.AST.Node): string {
  return `line ${node.loc.start.line}, column ${node.loc.start.column + 1}`;
}

/** The variable a mustache prints, or why it is not a plain `{{name}}` or `{{a.b}}`. */
function inspectMustache(
  node: hbs.AST.MustacheStatement,
  part: TemplatePart,
): { variable: string } | { problem: string } {
  const path = node.path as hbs.AST.PathExpression;
  const isPlainPath =
    path.type === 'PathExpression' &&
    !path.data &&
    path.depth === 0 &&
    path.parts.length > 0 &&
    path.parts.every((segment) => pathSegment.test(segment)) &&
    path.original === path.parts.join('.');
  if (!isPlainPath || node.params.length > 0 || node.hash) {
    return { problem: `only {{name}} and {{name.path}} placeholders are supported (${at(node)})` };
  }
  const variable = path.parts.join('.');
  // Triple braces (and {{&name}}) print a value unescaped, which would defeat HTML escaping.
  if (!node.escaped && part === 'html') {
    return {
      problem: `{{{${variable}}}} would insert ${variable} without HTML escaping; use {{${variable}}} (${at(node)})`,
    };
  }
  return { variable };
}

function inspectPart(source: string, part: TemplatePart, variables: Set<string>): string[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    return [`is not a valid template: ${(error as Error).message.split('\n')[0]}`];
  }
  const problems: string[] = [];
  for (const node of program.body) {
    if (node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
    if (node.type !== 'MustacheStatement') {
      problems.push(
        `blocks, partials and helpers are not supported, only {{name}} placeholders (${at(node)})`,
      );
      continue;
    }
    const result = inspectMustache(node as hbs.AST.MustacheStatement, part);
    if ('problem' in result) problems.push(result.problem);
    else variables.add(result.variable);
  }
  return problems;
}

/**
 * Checks every part of a template and returns the placeholder paths it uses, sorted. Templates are
 * plain text with `{{name}}` and `{{name.path}}` placeholders: no helpers, blocks or partials, so a
 * template can only print the values it is given. Anything else is one `validation_failed` naming each part.
 */
export function templateVariables(sources: TemplateSources): string[] {
  const variables = new Set<string>();
  const details: ValidationDetail[] = [];
  for (const part of templateParts) {
    const source = sources[part];
    if (source === undefined) continue;
    for (const message of inspectPart(source, part, variables)) details.push({ path: `/${part}`, message });
  }
  if (details.length > 0) {
    throw new AppError(
      'validation_failed',
      `The template is invalid: ${details[0]!.path.slice(1)} ${details[0]!.message}`,
      details,
    );
  }
  return [...variables].sort();
}
