/**
 * Text for a terminal, like the linters people like: findings grouped by rule (what risks most
 * first), each location on its own `file:line:col` line so editors can jump to it, the fix said
 * once when it is the same for every location, wrapped to the terminal, in colour on a terminal.
 */
import type { Report, Skipped } from '../engine.js'
import { distinct, groupByRule } from './order.js'
import type { RuleGroup } from './order.js'
import { jobStep, location } from './where.js'

export interface TextOptions {
  /** ANSI colours. */
  color?: boolean
  /** Wrap prose at this many columns (locations and URLs are never broken). */
  width?: number
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

type Paint = (s: string) => string
interface Palette {
  red: Paint
  yellow: Paint
  cyan: Paint
  green: Paint
  bold: Paint
  dim: Paint
}

const sgr = (open: number, close: number): Paint => (s) => `\u001b[${open}m${s}\u001b[${close}m`
const COLOR: Palette = { red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), green: sgr(32, 39), bold: sgr(1, 22), dim: sgr(2, 22) }
const id: Paint = (s) => s
const NONE: Palette = { red: id, yellow: id, cyan: id, green: id, bold: id, dim: id }

/** Printable width of a string that may hold colour codes. */
function visible(s: string): number {
  return [...s.replace(/\u001b\[[0-9;]*m/g, '')].length
}

/** Plain text with code spans: backticks dropped, the values painted. */
function prose(text: string, p: Palette): string {
  return text.replace(/(`+) ?([^`]*?) ?\1/g, (_m, _f, v: string) => p.cyan(v))
}

/** Wrap words to `width`, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string, first = indent): string[] {
  const words = text.split(/ +/).filter(Boolean)
  const lines: string[] = []
  let cur = first
  let curLen = visible(first)
  let empty = true
  for (const w of words) {
    const wl = visible(w)
    if (!empty && curLen + 1 + wl > width) {
      lines.push(cur)
      cur = indent + w
      curLen = visible(indent) + wl
      continue
    }
    cur += (empty ? '' : ' ') + w
    curLen += (empty ? 0 : 1) + wl
    empty = false
  }
  lines.push(cur)
  return lines
}

function tagOf(g: RuleGroup, p: Palette): string {
  const f = g.findings
  const sev = f.some((x) => x.severity === 'error') ? 'error' : f.some((x) => x.severity === 'warning') ? 'warning' : 'note'
  const paint = sev === 'error' ? p.red : sev === 'warning' ? p.yellow : p.cyan
  return p.bold(paint(`${sev}[${g.rule}]`))
}

function group(g: RuleGroup, p: Palette, width: number, out: string[]): void {
  const f = g.findings
  const blocking = f.filter((x) => x.blocking).length
  const state = blocking === f.length ? 'blocking' : blocking ? `${blocking} blocking` : 'not blocking'
  out.push(...wrap(`${tagOf(g, p)} ${p.bold(g.title)} ${p.dim(`(${f.length > 1 ? `${f.length}, ` : ''}${state})`)}`, width, '    ', ''))
  const fixes = distinct(f.map((x) => x.fix))
  const oneFix = fixes.length === 1
  for (const x of f) {
    const js = jobStep(x)
    out.push(...wrap(`${p.bold(location(x))}${js ? ` ${prose(js, NONE).split(' ').map(p.dim).join(' ')}` : ''}`, width, '    ', '  '))
    out.push(...wrap(prose(`${x.message}${x.chain.length ? ` (via ${x.chain.join(' › ')})` : ''}`, p), width, '    '))
    if (!oneFix) out.push(...wrap(`${p.green('fix:')} ${prose(x.fix, p)}`, width, '         ', '    '))
  }
  if (oneFix) out.push(...wrap(`${p.green('fix:')} ${prose(fixes[0], p)}`, width, '       ', '  '))
  out.push(`  ${p.dim(`docs: ${g.docs}`)}`, '')
}

/** "not checked" entries that share a reason, on one line. */
function notChecked(skipped: Skipped[], p: Palette, width: number, out: string[]): void {
  const byReason = new Map<string, string[]>()
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.check])
  for (const [reason, checks] of byReason) out.push(...wrap(`${p.yellow('not checked:')} ${checks.join(', ')} ${p.dim(`— ${prose(reason, NONE)}`)}`, width, '  ', ''))
}

export function renderText(r: Report, o: TextOptions = {}): string {
  const p = o.color ? COLOR : NONE
  const width = Math.max(40, o.width ?? 100)
  const out: string[] = []
  const active = r.findings.filter((f) => !f.ignored)
  // checks that could not run are kept apart from findings, after them
  const failed = active.filter((f) => f.rule === 'check-failed')
  for (const g of groupByRule(active.filter((f) => f.rule !== 'check-failed' && f.blocking))) group(g, p, width, out)
  for (const g of groupByRule(active.filter((f) => f.rule !== 'check-failed' && !f.blocking))) group(g, p, width, out)
  if (failed.length) {
    out.push(p.bold(p.red(`could not check (${failed.some((f) => f.blocking) ? 'blocks until it can' : 'not blocking'}):`)))
    for (const f of failed) {
      out.push(`  ${p.bold(location(f))}`)
      out.push(...wrap(prose(f.message, p), width, '    '))
      out.push(...wrap(`${p.green('fix:')} ${prose(f.fix, p)}`, width, '         ', '    '))
    }
    out.push('')
  }
  for (const f of r.findings.filter((x) => x.ignored)) {
    out.push(...wrap(`${p.dim(`ignored[${f.rule}]`)} ${location(f)} ${p.dim(`— ${f.ignored!.by}: ${f.ignored!.reason}`)}`, width, '  ', ''))
  }
  notChecked(r.skipped, p, width, out)
  if (r.files.length <= 10) for (const f of r.files) out.push(...wrap(p.dim(`audited ${f.file}: ${f.scope}${f.jobs.length ? ` (${f.jobs.join(', ')})` : ''}`), width, '  ', ''))
  else out.push(p.dim(`audited ${plural(r.files.length, 'file')}`))
  out.push(verdictText(r, p))
  return out.join('\n') + '\n'
}

function counts(r: Report): string {
  const c = r.counts
  return [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.note ? plural(c.note, 'note') : '', c.ignored ? `${c.ignored} ignored` : '']
    .filter(Boolean)
    .join(', ')
}

function verdictText(r: Report, p: Palette): string {
  const c = counts(r)
  if (r.verdict === 'fail') return `${p.bold(p.red('FAIL:'))} ${plural(r.counts.blocking, 'blocking finding')}${c ? ` (${c})` : ''}`
  return `${p.bold(p.green('PASS:'))} ${c ? `${c}; fail-on: ${r.failOn}` : 'no findings'}`
}
