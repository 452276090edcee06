/**
 * GitHub's workflow schema, built straight from the JSON that `@actions/workflow-parser` ships.
 *
 * `getWorkflowSchema()` turns that JSON back into text, reads it event by event through a
 * generator and validates it against the library's own schema of schemas (`TemplateSchema.load`)
 * before it builds the definitions: about 240 M instructions, a third of the CLI's start, to
 * check a file GitHub publishes and the library has already passed. Here the same tokens are
 * made from the JSON in one walk and handed to the same constructor, and the definitions are
 * checked with the library's own `validate()`, as `load` does. The result is the same schema:
 * `test/workflow/github-schema.test.ts` compares both, definition by definition.
 */
// the package's `exports` map has no entry for its JSON files: imported by path, as the library does
import WorkflowSchema from '../../node_modules/@actions/workflow-parser/dist/workflow-v1.0.min.json' with { type: 'json' }
import { TemplateSchema } from '@actions/workflow-parser/templates/schema/template-schema'
import { BooleanToken, MappingToken, NullToken, NumberToken, SequenceToken, StringToken } from '@actions/workflow-parser/templates/tokens/index'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'

/** The token `JSONObjectReader` makes of a JSON value (no file, no range), depth first. */
function token(value: unknown): TemplateToken {
  if (value === null || value === undefined) return new NullToken(undefined, undefined, undefined)
  switch (typeof value) {
    case 'boolean':
      return new BooleanToken(undefined, undefined, value, undefined)
    case 'number':
      return new NumberToken(undefined, undefined, value, undefined)
    case 'string':
      return new StringToken(undefined, undefined, value, undefined)
    case 'object': {
      if (Array.isArray(value)) {
        const seq = new SequenceToken(undefined, undefined, undefined)
        for (const item of value) seq.add(token(item))
        return seq
      }
      const map = new MappingToken(undefined, undefined, undefined)
      for (const key of Object.keys(value)) map.add(new StringToken(undefined, undefined, key, undefined), token((value as Record<string, unknown>)[key]))
      return map
    }
    default:
      throw new Error(`unexpected ${typeof value} in the workflow schema`)
  }
}

let schema: TemplateSchema | undefined

export function workflowSchema(): TemplateSchema {
  if (!schema) {
    const s = new TemplateSchema(token(WorkflowSchema) as MappingToken)
    ;(s as unknown as { validate(): void }).validate()
    schema = s
  }
  return schema
}
