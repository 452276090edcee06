/**
 * The job summary: verdict first, then a table of what blocks and what to do, then what was
 * not checked, then details. Read in ten seconds; everything from the workflow is escaped.
 */
import { code } from '../audits/finding.js'
import type { Finding } from '../audits/finding.js'
import type { Report } from '../engine.js'
import type { AttestResult } from '../attest/index.js'
import { escapeHtml, md } from './markdown.js'
import { chainText, jobStep, location } from './where.js'

export interface SummaryContext {
  /** e.g. "octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0" */
  workflowRef?: string
  sha?: string
  job?: string
  event?: string
  runner?: string
  /** One line each on where files were read from. */
  sources?: string[]
  /** Extra facts (API requests made, cache hits). */
  facts?: string[]
  /** The resolved dependency tree, shown collapsed. */
  tree?: string
  /** Attestation results, one row per artifact. */
  attest?: AttestResult
}

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
const MAX_SUMMARY = 900 * 1024

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function verdictLine(r: Report): string {
  const unchecked = r.findings.filter((f) => f.rule === 'check-failed' && !f.ignored).length
  const sev = (['error', 'warning', 'note'] as const)
    .map((s) => (r.counts[s] ? `${r.counts[s]} ${s}${r.counts[s] > 1 ? 's' : ''}` : ''))
    .filter(Boolean)
    .join(', ')
  if (r.verdict === 'fail') {
    return `❌ Release blocked: ${plural(r.counts.blocking, 'blocking finding')}${sev ? ` (${sev})` : ''}${unchecked ? `, ${plural(unchecked, 'check')} not carried out` : ''}`
  }
  const rest = r.findings.filter((f) => !f.ignored).length
  return `✅ Release gate passed${rest ? `: ${plural(rest, 'finding')} below \`fail-on: ${r.failOn}\` (${sev})` : ': no findings'}`
}

function row(f: Finding): string {
  return `| [${f.rule}](${f.docs}) | ${md(`${code(location(f))}${jobStep(f) ? ` · ${jobStep(f)}` : ''}`, true)} | ${md(f.message, true)} | ${md(f.fix, true)} |`
}

function table(fs: Finding[]): string[] {
  return ['| Rule | Where | Problem | What to do |', '| --- | --- | --- | --- |', ...fs.map(row)]
}

function details(f: Finding): string {
  const lines = [
    `<details><summary>${f.severity}: ${escapeHtml(f.rule)} at ${escapeHtml(location(f))}</summary>`,
    '',
    `- ${md(f.message)}`,
    ...(f.chain.length ? [`- Chain: ${md(chainText(f))}`] : []),
    `- Fix: ${md(f.fix)}`,
    `- Rule: [${f.rule}](${f.docs})`,
    '',
    '</details>',
  ]
  return lines.join('\n')
}

export function renderSummary(r: Report, ctx: SummaryContext = {}): string {
  const out: string[] = [`## ${verdictLine(r)}`, '']
  const scope = r.files
    .map((f) => `${code(f.file)}: ${f.targets.length ? `guarding ${f.targets.map((t) => code(t)).join(', ')}` : f.scope}${f.jobs.length > f.targets.length ? `, with ${f.jobs.filter((j) => !f.targets.includes(j)).map((j) => code(j)).join(', ')}` : ''}`)
    .join('; ')
  if (scope) out.push(`Audited ${md(scope)}.`, '')

  const blocking = r.findings.filter((f) => f.blocking)
  const other = r.findings.filter((f) => !f.blocking && !f.ignored)
  const ignored = r.findings.filter((f) => f.ignored)
  if (blocking.length) out.push('### Blocking', '', ...table(blocking), '')
  if (other.length) out.push(`### Not blocking (below \`fail-on: ${r.failOn}\`)`, '', ...table(other), '')

  if (ctx.attest) {
    out.push('### Artifacts', '')
    if (ctx.attest.files.length === 0) out.push(`No file matched ${md(ctx.attest.patterns.map((p) => code(p)).join(', '))}.`, '')
    else {
      out.push('| Artifact | sha256 | Verified signer | Source ref | Verdict |', '| --- | --- | --- | --- | --- |')
      for (const f of ctx.attest.files) {
        const signer = f.signer ? f.signer.replace(/^https:\/\/[^/]+\//, '') : '—'
        out.push(`| ${md(code(f.file), true)} | \`${f.sha256.slice(0, 12)}\` | ${md(code(signer), true)} | ${f.sourceRef ? md(code(f.sourceRef), true) : '—'} | ${f.verdict === 'verified' ? '✅ verified' : `❌ ${md(f.reason ?? 'failed', true)}`} |`)
      }
      out.push('')
    }
  }
  if (r.skipped.length) {
    out.push('### Not checked', '')
    for (const s of r.skipped) out.push(`- **${md(s.check)}**: ${md(s.reason)}`)
    out.push('')
  }
  const used = r.allowances.filter((a) => a.used.length)
  if (used.length) {
    out.push('### Allowed to stay unpinned', '')
    for (const a of used) out.push(`- ${md(code(a.pattern))} (${a.source}): ${md(a.reason)} — ${md(a.used.map((u) => code(u)).join(', '))}`)
    out.push('')
  }
  if (ignored.length) {
    out.push('### Ignored', '', '| Rule | Where | Reason |', '| --- | --- | --- |')
    for (const f of ignored) out.push(`| ${f.rule} | ${md(code(location(f)), true)} | ${md(`${f.ignored!.by}: ${f.ignored!.reason}`, true)} |`)
    out.push('')
  }
  if (r.disabled.length) out.push(`Rules turned off: ${r.disabled.map((d) => `\`${d}\``).join(', ')}.`, '')

  const ctxLines = [
    ['Workflow', ctx.workflowRef],
    ['Commit', ctx.sha],
    ['Job', ctx.job],
    ['Event', ctx.event],
    ['Runner', ctx.runner],
  ].filter(([, v]) => ctx.workflowRef !== undefined || v !== undefined)
  const facts = [...(ctx.sources ?? []), ...(ctx.facts ?? [])]
  const tail: string[] = []
  if (ctxLines.length || facts.length) {
    tail.push('<details><summary>Context</summary>', '')
    for (const [k, v] of ctxLines) tail.push(`- ${k}: ${v === undefined ? 'MISSING' : md(code(v))}`)
    for (const f of facts) tail.push(`- ${md(f)}`)
    tail.push('', '</details>', '')
  }

  if (ctx.tree) tail.unshift('<details><summary>Dependency tree</summary>', '', '```text', ctx.tree.replace(/```/g, "'''").trimEnd(), '```', '', '</details>', '')
  // Details come last and are the first thing cut when the summary would be too large.
  const det = r.findings.filter((f) => !f.ignored).map(details)
  let body = out.join('\n')
  const tailText = tail.join('\n')
  if (det.length) {
    let block = `### Details\n\n${det.join('\n')}\n`
    if (Buffer.byteLength(body + block + tailText) > MAX_SUMMARY) {
      block = `### Details\n\n${det.length} findings; details left out to keep the summary under GitHub's size limit (see the JSON report).\n`
    }
    body += `\n${block}\n`
  }
  return body + tailText
}
