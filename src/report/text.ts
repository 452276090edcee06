/** Plain text for a terminal, one block per finding, like a compiler. */
import type { Report } from '../engine.js'
import { plain } from './annotations.js'
import { jobStep, location } from './where.js'

export function renderText(r: Report): string {
  const out: string[] = []
  for (const f of r.findings) {
    const tag = f.ignored ? `ignored (${f.ignored.by})` : f.blocking ? `${f.severity}, blocking` : f.severity
    out.push(`${location(f)}: ${tag} [${f.rule}] ${plain(f.message)}`)
    const js = jobStep(f)
    if (js) out.push(`  in ${plain(js)}`)
    if (f.chain.length) out.push(`  via ${f.chain.join(' › ')}`)
    if (f.ignored) out.push(`  reason: ${f.ignored.reason}`)
    else out.push(`  fix: ${plain(f.fix)}`, `  docs: ${f.docs}`)
  }
  for (const s of r.skipped) out.push(`not checked: ${s.check}: ${s.reason}`)
  for (const f of r.files) out.push(`audited ${f.file}: ${f.scope}${f.jobs.length ? ` (${f.jobs.join(', ')})` : ''}`)
  const c = r.counts
  out.push(
    r.verdict === 'fail'
      ? `FAIL: ${c.blocking} blocking finding${c.blocking === 1 ? '' : 's'} (${c.error} errors, ${c.warning} warnings, ${c.note} notes, ${c.ignored} ignored)`
      : `PASS: ${c.error} errors, ${c.warning} warnings, ${c.note} notes, ${c.ignored} ignored; fail-on: ${r.failOn}`,
  )
  return out.join('\n') + '\n'
}
