import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplatePart } from '../src/template.renderer';

// The service refuses these paths before rendering; this checks that handlebars itself still would not follow them.
describe("handlebars' prototype protection", () => {
  it('prints nothing for constructor and __proto__ that are not own properties', () => {
    assert.equal(compileTemplatePart('[{{constructor}}][{{__proto__}}]', 'body')({}), '[][]');
  });

  it('never reaches a property of a prototype through a path', () => {
    assert.throws(() => compileTemplatePart('{{constructor.name}}', 'body')({}), /not defined/);
  });

  it('calls no helper: a name that is a built-in helper is a variable', () => {
    assert.equal(
      compileTemplatePart('{{log}}/{{lookup}}', 'html')({ log: '<b>', lookup: 'x' }),
      '&lt;b&gt;/x',
    );
  });
});
