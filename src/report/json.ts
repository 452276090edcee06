/** The JSON report: a documented, versioned shape, converted from the internal one. */
import type { Finding } from '../audits/finding.js'
import type { Report } from '../engine.js'

export interface JsonFinding {
  rule: string
  title: string
  severity: Finding['severity']
  blocking: boolean
  ignored: boolean
  suppression: { by: string; reason: string } | null
  message: string
  fix: string
  file: string
  line: number
  column: number
  job: string | null
  step: { index: number; id?: string; name?: string } | null
  chain: string[]
  docs: string
}

export function jsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    title: f.title,
    severity: f.severity,
    blocking: f.blocking,
    ignored: !!f.ignored,
    suppression: f.ignored ? { by: f.ignored.by, reason: f.ignored.reason } : null,
    message: f.message,
    fix: f.fix,
    file: f.file,
    line: f.line,
    column: f.column,
    job: f.job ?? null,
    step: f.step ?? null,
    chain: f.chain,
    docs: f.docs,
  }
}

export function toJson(r: Report, extra: Record<string, unknown> = {}): string {
  return (
    JSON.stringify(
      {
        version: r.version,
        verdict: r.verdict,
        failOn: r.failOn,
        files: r.files,
        findings: r.findings.map(jsonFinding),
        skipped: r.skipped,
        allowances: r.allowances,
        disabled: r.disabled,
        counts: r.counts,
        ...extra,
      },
      null,
      2,
    ) + '\n'
  )
}
