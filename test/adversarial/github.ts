/**
 * "GitHub accepts this file": every attack workflow in test/adversarial/ is checked with
 * GitHub's own workflow parser (`@actions/workflow-parser`), so that a bypass is a bypass
 * GitHub would run, not a file the runner would reject.
 */
import { expect } from '@jest/globals'
import { NoOperationTraceWriter, parseWorkflow as githubParse } from '@actions/workflow-parser'
import { parseWorkflow } from '../../src/workflow/model.js'
import type { Workflow } from '../../src/workflow/model.js'

/** GitHub's parser's errors for a workflow file, as `line:col message`. */
export function githubErrors(content: string, name = 'release.yml'): string[] {
  const r = githubParse({ name, content }, new NoOperationTraceWriter())
  return r.context.errors.getErrors().map((e) => `${e.range?.start.line ?? 0}:${e.range?.start.column ?? 0} ${e.message}`)
}

/** Assert GitHub accepts the workflow, then model it. */
export function accepted(content: string, file = '.github/workflows/release.yml'): Workflow {
  expect(githubErrors(content, file.split('/').pop())).toEqual([])
  return parseWorkflow(content, file)
}
