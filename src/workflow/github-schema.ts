/**
 * GitHub's own reading of a workflow file: `@actions/workflow-parser`, the parser and schema
 * GitHub publishes for its language services. It reports what GitHub would refuse (unknown
 * keys, missing `on`/`jobs`, values of the wrong type, expression syntax) with positions.
 */
import { NoOperationTraceWriter, parseWorkflow as githubParse } from '@actions/workflow-parser'
import type { Problem } from './model.js'

/** GitHub's parser walks the whole file; past this size our own limits already refused it. */
const MAX_SOURCE = 1_000_000

/** What GitHub's parser refuses in a workflow file (empty when it accepts the file). */
export function githubProblems(source: string, file: string): Problem[] {
  if (source.length > MAX_SOURCE) return []
  const r = githubParse({ name: file, content: source }, new NoOperationTraceWriter())
  return r.context.errors.getErrors().map((e) => ({
    message: e.rawMessage,
    pos: e.range ? { line: e.range.start.line, column: e.range.start.column } : { line: 1, column: 1 },
  }))
}
