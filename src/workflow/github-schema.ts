/**
 * GitHub's own reading of a workflow file: `@actions/workflow-parser`, the parser and schema
 * GitHub publishes for its language services. It reports what GitHub would refuse (unknown
 * keys, missing `on`/`jobs`, values of the wrong type, expression syntax) with positions.
 */
import { NoOperationTraceWriter, parseWorkflow as githubParse } from '@actions/workflow-parser'
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context'
import { readTemplate } from '@actions/workflow-parser/templates/template-reader'
import { WORKFLOW_ROOT } from '@actions/workflow-parser/workflows/workflow-constants'
import { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema'
import { YamlObjectReader } from '@actions/workflow-parser/workflows/yaml-object-reader'
import type { Problem } from './model.js'
import type { ParsedYaml } from './yaml.js'

/** GitHub's parser walks the whole file; past this size our own limits already refused it. */
const MAX_SOURCE = 1_000_000

/**
 * GitHub's reader over a document release-gate has already parsed. `parseWorkflow` would parse
 * the text again with the same library and options (`keepSourceTokens`; key uniqueness is the
 * template reader's own check, and a document that reaches here has no YAML errors, duplicate
 * keys included), so handing it our document gives the same events at half the parsing cost.
 * The reader's fields are set as its constructor sets them (workflow-parser 0.3.x).
 */
function readerOver(parsed: ParsedYaml & { doc: NonNullable<ParsedYaml['doc']> }, fileId: number): YamlObjectReader {
  const r = Object.create(YamlObjectReader.prototype) as Record<string, unknown> & { getNodes(n: unknown, s: Set<unknown>): Generator }
  r.lineCounter = parsed.lineCounter
  r.errors = []
  r.doc = parsed.doc
  r.fileId = fileId
  r._generator = r.getNodes(parsed.doc, new Set())
  return r as unknown as YamlObjectReader
}

/** What GitHub's parser refuses in a workflow file (empty when it accepts the file). */
export function githubProblems(source: string, file: string, parsed?: ParsedYaml): Problem[] {
  if (source.length > MAX_SOURCE) return []
  let context: TemplateContext
  if (parsed?.doc && parsed.source === source) {
    context = new TemplateContext(new TemplateValidationErrors(), getWorkflowSchema(), new NoOperationTraceWriter())
    const fileId = context.getFileId(file)
    readTemplate(context, WORKFLOW_ROOT, readerOver(parsed as ParsedYaml & { doc: NonNullable<ParsedYaml['doc']> }, fileId), fileId)
  } else {
    context = githubParse({ name: file, content: source }, new NoOperationTraceWriter()).context
  }
  return context.errors.getErrors().map((e) => ({
    message: e.rawMessage,
    pos: e.range ? { line: e.range.start.line, column: e.range.start.column } : { line: 1, column: 1 },
  }))
}
