/**
 * Workflow-command annotations (`::error file=…,line=…,col=…,title=…::message`).
 * GitHub shows at most 10 of each level per step, so blocking findings go first and the
 * rest are counted in one notice.
 */
import type { Finding } from '../audits/finding.js'
import type { Report } from '../engine.js'
import { riskRank } from './order.js'

export type Level = 'error' | 'warning' | 'notice'

export interface Annotation {
  level: Level
  message: string
  file: string
  line: number
  col: number
  title: string
}

/** GitHub renders only this many annotations of one level per step. */
export const MAX_PER_LEVEL = 10

function level(f: Finding): Level {
  if (f.blocking) return 'error'
  return f.severity === 'note' ? 'notice' : 'warning'
}

/** Strip the Markdown code fences: annotations are plain text. */
export function plain(text: string): string {
  return text.replace(/`+ ?([^`]*?) ?`+/g, '$1')
}

/**
 * Annotations in the order they matter: blocking first, then what could not be checked, then
 * by risk (RISK_ORDER), then report order; so when GitHub's cap cuts the list, the secret sent
 * away is shown and the tenth unpinned action is not.
 */
function byRisk(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.rule === 'check-failed' ? -1 : riskRank(f.rule))
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => Number(b.f.blocking) - Number(a.f.blocking) || rank(a.f) - rank(b.f) || a.i - b.i)
    .map((x) => x.f)
}

export function annotations(r: Report): { list: Annotation[]; omitted: number } {
  const list: Annotation[] = []
  const perLevel: Record<Level, number> = { error: 0, warning: 0, notice: 0 }
  let omitted = 0
  for (const f of byRisk(r.findings)) {
    if (f.ignored) continue
    const lv = level(f)
    if (perLevel[lv] >= MAX_PER_LEVEL) {
      omitted++
      continue
    }
    perLevel[lv]++
    const chain = f.chain.length ? ` (via ${f.chain.join(' › ')})` : ''
    list.push({ level: lv, message: plain(`${f.message}${chain} — ${f.fix}`), file: f.file, line: f.line, col: f.column, title: f.rule })
  }
  return { list, omitted }
}

// The runner's escaping for workflow commands (same as @actions/core's).
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function commandLine(a: Annotation): string {
  const props = `file=${escapeProperty(a.file)},line=${a.line},col=${a.col},title=${escapeProperty(a.title)}`
  return `::${a.level} ${props}::${escapeData(a.message)}`
}

export function commandLines(r: Report): string[] {
  const { list, omitted } = annotations(r)
  const lines = list.map(commandLine)
  if (omitted) lines.push(`::notice::${escapeData(`${omitted} more findings: see the job summary or the JSON report`)}`)
  return lines
}
