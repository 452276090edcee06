/**
 * The job summary: the verdict, then what to do — blocking findings ordered by what they risk,
 * one row per rule (with its count and every location, each a link to the line) — then the
 * checks that could not run, apart from findings, then what was not checked by design. Details
 * only where they add something (the chain of a transitive finding). Everything from the
 * workflow is escaped.
 */
import { code } from '../audits/finding.js'
import type { Finding } from '../audits/finding.js'
import type { Report } from '../engine.js'
import type { AttestResult } from '../attest/index.js'
import { escapeHtml, escapePlain, md, mdCell } from './markdown.js'
import { distinct, groupByRule } from './order.js'
import type { RuleGroup } from './order.js'
import { chainText, jobStep, location } from './where.js'

/** What the job summary shows: everything, only what fails, or nothing (`summary` input). */
export type SummaryMode = 'full' | 'failures' | 'off'
export const SUMMARY_MODES: readonly SummaryMode[] = ['full', 'failures', 'off']

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
  /**
   * Where the audited files live, to link each location to its line:
   * `<server>/<repo>/blob/<sha>/<path>#L<line>`; `environments` is the repository whose
   * environment settings the environment fixes link to.
   */
  links?: { server: string; repo: string; sha: string; environments?: string }
  /** `failures`: only what blocks and what could not be checked. Default `full`. */
  mode?: SummaryMode
}

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
const MAX_SUMMARY = 900 * 1024

/** Locations listed in one row before the rest are counted. */
const MAX_LOCATIONS = 10

/** Rules whose fix is made in the repository's environment settings. */
const ENVIRONMENT_RULES = new Set(['missing-environment', 'unprotected-environment'])

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function verdictLine(r: Report): string {
  const active = r.findings.filter((f) => !f.ignored)
  const unchecked = active.filter((f) => f.rule === 'check-failed').length
  const count = (s: string) => active.filter((f) => f.severity === s && f.rule !== 'check-failed').length
  const sev = (['error', 'warning', 'note'] as const)
    .map((s) => (count(s) ? plural(count(s), s) : ''))
    .filter(Boolean)
    .join(', ')
  if (r.verdict === 'fail') {
    const found = active.filter((f) => f.blocking && f.rule !== 'check-failed').length
    const parts = [found || !unchecked ? `${plural(found, 'blocking finding')}${sev ? ` (${sev})` : ''}` : '', unchecked ? `${plural(unchecked, 'check')} not carried out` : ''].filter(Boolean)
    return `❌ Release blocked: ${parts.join(', ')}`
  }
  return `✅ Release gate passed${active.length ? `: ${plural(active.length, 'finding')} below \`fail-on: ${r.failOn}\`${sev ? ` (${sev})` : ''}` : ': no findings'}`
}

/** Repository paths link to their line; other files (`owner/repo/...` of a sweep) do not. */
function lineUrl(f: Finding, links: SummaryContext['links']): string | undefined {
  if (!links || /^(\/|[a-z]+:|\.\.)/i.test(f.file) || f.file.includes('@')) return undefined
  const path = f.file.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/')
  return `${links.server}/${links.repo}/blob/${links.sha}/${path}#L${f.line}`
}

/** `file:line` as a link to the line when the repository is known, else as code. */
function where(f: Finding, links: SummaryContext['links']): string {
  const url = lineUrl(f, links)
  const text = `${f.file}:${f.line}`
  return url ? `[${escapePlain(text).replace(/\//g, '/<wbr>')}](${url})` : mdCell(code(location(f)))
}

function envLink(g: RuleGroup, links: SummaryContext['links']): string {
  if (!ENVIRONMENT_RULES.has(g.rule) || !links?.environments) return ''
  return `<br>[Open the environment settings](${links.server}/${links.environments}/settings/environments)`
}

function row(g: RuleGroup, links: SummaryContext['links']): string {
  const fs = g.findings
  const rule = `[${g.rule}](${g.docs})`
  if (fs.length === 1) {
    const f = fs[0]
    const js = jobStep(f)
    return `| ${rule} | ${where(f, links)}${js ? ` · ${mdCell(js)}` : ''} | ${mdCell(f.message)}${f.chain.length ? ' (chain below)' : ''} | ${mdCell(f.fix)}${envLink(g, links)} |`
  }
  const shown = fs.slice(0, MAX_LOCATIONS)
  const locs = shown.map((f) => `${where(f, links)}${f.subject ? ` ${mdCell(code(f.subject))}` : f.job ? ` · job ${mdCell(code(f.job))}` : ''}`)
  if (fs.length > shown.length) locs.push(`and ${fs.length - shown.length} more (JSON report)`)
  const fixes = distinct(fs.map((f) => f.fix))
  const todo = fixes.length <= 3 ? fixes.map(mdCell).join('<br>') : `${mdCell(fixes[0])}<br>… and ${fixes.length - 1} more of this kind, one per location: each line's annotation says exactly what`
  return `| ${rule}<br>×${fs.length} | ${locs.join('<br>')} | ${escapePlain(g.title)} | ${todo}${envLink(g, links)} |`
}

function table(findings: Finding[], links: SummaryContext['links']): string[] {
  return ['| Rule | Where | Problem | What to do |', '| --- | --- | --- | --- |', ...groupByRule(findings).map((g) => row(g, links))]
}

function couldNotCheck(fs: Finding[], links: SummaryContext['links']): string[] {
  return ['| Where | What could not be checked | What to do |', '| --- | --- | --- |', ...fs.map((f) => `| ${where(f, links)} | ${mdCell(f.message)} | ${mdCell(f.fix)} |`)]
}

function details(f: Finding): string {
  return [
    `<details><summary>${escapeHtml(f.rule)} at ${escapeHtml(location(f))}</summary>`,
    '',
    `- Chain: ${md(chainText(f))}`,
    `- ${md(f.message)}`,
    `- Fix: ${md(f.fix)}`,
    '',
    '</details>',
  ].join('\n')
}

const SUPPRESS =
  'To accept a finding instead of fixing it, say why on its line: `# release-gate: ignore[<rule>] -- <reason>` (the reason is shown here, under Ignored), or list its `path:line` under `rules.<rule>.ignore` in `.github/release-gate.yml`.'

export function renderSummary(r: Report, ctx: SummaryContext = {}): string {
  const mode = ctx.mode ?? 'full'
  const links = ctx.links
  const out: string[] = [`## ${verdictLine(r)}`, '']
  const active = r.findings.filter((f) => !f.ignored)
  const failed = active.filter((f) => f.rule === 'check-failed')
  const blocking = active.filter((f) => f.blocking && f.rule !== 'check-failed')
  const other = active.filter((f) => !f.blocking && f.rule !== 'check-failed')
  const ignored = r.findings.filter((f) => f.ignored)
  if (mode === 'failures' && r.verdict === 'pass') return out.join('\n')

  if (mode === 'full') {
    const scope = r.files
      .map((f) => `${code(f.file)}: ${f.targets.length ? `guarding ${f.targets.map((t) => code(t)).join(', ')}` : f.scope}${f.jobs.length > f.targets.length ? `, with ${f.jobs.filter((j) => !f.targets.includes(j)).map((j) => code(j)).join(', ')}` : ''}`)
      .join('; ')
    if (scope) out.push(`Audited ${md(scope)}.`, '')
  }
  // report mode: what would block once enforced reads like the blocking table does
  const wouldBlock = r.failOn === 'never' ? other.filter((f) => f.severity === 'error') : []
  const below = other.filter((f) => !wouldBlock.includes(f))
  if (wouldBlock.length) {
    out.push(`Report mode (\`fail-on: never\`): ${plural(wouldBlock.length, 'finding')} would block with \`fail-on: error\`. Fix them, then remove \`fail-on: never\` to enforce.`, '')
  }
  if (blocking.length) out.push('### What to do', '', 'Most dangerous first.', '', ...table(blocking, links), '')
  if (wouldBlock.length && mode === 'full') out.push('### What to do before enforcing', '', 'Most dangerous first.', '', ...table(wouldBlock, links), '')
  if (blocking.length || (other.length && mode === 'full')) out.push(SUPPRESS, '')
  if (failed.length) out.push('### Could not check', '', `These block until they can be checked${failed.some((f) => !f.blocking) ? ' (in enforcing mode)' : ''}.`, '', ...couldNotCheck(failed, links), '')
  if (below.length && mode === 'full') out.push(`### Not blocking (below \`fail-on: ${r.failOn === 'never' ? 'error' : r.failOn}\`)`, '', ...table(below, links), '')

  if (ctx.attest && (mode === 'full' || ctx.attest.files.some((f) => f.verdict !== 'verified') || ctx.attest.files.length === 0)) {
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
  if (mode === 'failures') return out.join('\n')

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
    for (const f of ignored) out.push(`| ${f.rule} | ${where(f, links)} | ${mdCell(`${f.ignored!.by}: ${f.ignored!.reason}`)} |`)
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
  // Details (chains) come last and are the first thing cut when the summary would be too large.
  const det = active.filter((f) => f.chain.length > 0).map(details)
  let body = out.join('\n')
  const tailText = tail.join('\n')
  if (det.length) {
    let block = `### Chains\n\nHow each transitive finding is reached from the workflow.\n\n${det.join('\n')}\n`
    if (Buffer.byteLength(body + block + tailText) > MAX_SUMMARY) {
      block = `### Chains\n\n${det.length} chains left out to keep the summary under GitHub's size limit (see the JSON report).\n`
    }
    body += `\n${block}\n`
  }
  return body + tailText
}
