/** The one finding shape every rule produces and every renderer reads. */
import type { StepRef } from '../workflow/model.js'
import type { Pos } from '../workflow/yaml.js'

export type Severity = 'error' | 'warning' | 'note'

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 }

export interface Suppression {
  by: 'comment' | 'config' | 'allow'
  reason: string
  /** For `allow`: the allow-list pattern that matched. */
  pattern?: string
}

export interface Finding {
  rule: string
  title: string
  docs: string
  severity: Severity
  /** One sentence about this occurrence, naming the offending value. */
  message: string
  /** What to do, in the imperative. */
  fix: string
  file: string
  line: number
  column: number
  job?: string
  step?: StepRef
  /** For transitive findings: each hop from the workflow to the offender, root first. */
  chain: string[]
  /** The `uses:` value or image the finding is about, matched against the allow-list. */
  subject?: string
  ignored?: Suppression
  /** Set by the engine from `fail-on`: true when this finding stops the release. */
  blocking: boolean
}

/** What a rule supplies; the builder stamps the rest. */
export interface FindingInput {
  message: string
  fix: string
  at: Pos
  file?: string
  job?: string
  step?: StepRef
  chain?: string[]
  subject?: string
  severity?: Severity
}

export function stepRef(step: StepRef): StepRef {
  return { index: step.index, ...(step.id ? { id: step.id } : {}), ...(step.name ? { name: step.name } : {}) }
}

/**
 * A value from the workflow as an inline code span, safe in Markdown: the fence is longer
 * than any run of backticks inside, and line breaks are shown, not kept.
 */
export function code(value: string): string {
  const v = value.replace(/\r?\n/g, '⏎').replace(/[\u0000-\u001f\u007f]/g, '\ufffd')
  let fence = '`'
  while (v.includes(fence)) fence += '`'
  const pad = v.startsWith('`') || v.endsWith('`') || v === '' ? ' ' : ''
  return `${fence}${pad}${v}${pad}${fence}`
}
