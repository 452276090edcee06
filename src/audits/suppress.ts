/**
 * Suppressions: config (`rules.<id>.ignore`), inline comments, and the allow-list.
 *
 *   # release-gate: ignore[rule-id] -- reason
 *   # zizmor: ignore[rule-id] reason          (accepted so users can migrate)
 *
 * A trailing comment covers findings on its own line; a comment alone on its line covers the
 * line below it (and the lines of a multi-line flow value it starts). A comment without a
 * reason still suppresses, and is itself reported (`ignore-without-reason`, a warning).
 */
import type { Finding, Suppression } from './finding.js'
import type { Workflow } from '../workflow/model.js'
import type { YNode } from '../workflow/yaml.js'
import type { RuleConfig, AllowEntry } from '../context/settings.js'
import { findAllowance } from '../context/allow.js'

export interface IgnoreComment {
  tool: 'release-gate' | 'zizmor'
  rules: string[]
  reason: string
  line: number
  column: number
  /** Alone on its line (covers the next line), or trailing after content (covers its own). */
  standalone: boolean
}

/**
 * Ranges of the scalars that can hold a `#` that is not a comment: quoted and block scalars
 * (a plain scalar cannot contain ` #`).
 */
function textRanges(root: YNode | undefined): Array<[number, number]> {
  const out: Array<[number, number]> = []
  const stack: YNode[] = root ? [root] : []
  while (stack.length) {
    const n = stack.pop()!
    if (n.kind === 'scalar') {
      if (n.style !== 'plain') out.push([n.offset, n.end])
    } else if (n.kind === 'seq') stack.push(...n.items)
    else for (const p of n.pairs) stack.push(p.key, p.value)
  }
  return out
}

export function ignoreComments(wf: Workflow): IgnoreComment[] {
  const out: IgnoreComment[] = []
  if (!/ignore\[/.test(wf.source)) return out
  const re = /(^|[ \t])(#+\s*(release-gate|zizmor)\s*:\s*ignore\[([^\]\n]*)\][^\n]*)/gim
  let ranges: Array<[number, number]> | undefined
  for (const m of wf.source.matchAll(re)) {
    const at = (m.index ?? 0) + m[1].length
    ranges ??= textRanges(wf.yaml.root)
    if (ranges.some(([a, b]) => at > a && at < b)) continue // inside a quoted or block scalar: text, not a comment
    const p = wf.yaml.lineCounter.linePos(at)
    const lineStart = wf.yaml.lineCounter.lineStarts[p.line - 1]
    const rules = m[4].split(',').map((x) => x.trim()).filter(Boolean)
    const reason = m[2].slice(m[2].indexOf(']') + 1).replace(/^\s*(--|—|:|-)?\s*/, '').trim()
    const standalone = wf.source.slice(lineStart, at).trim() === ''
    out.push({ tool: m[3].toLowerCase() as IgnoreComment['tool'], rules, reason, line: p.line, column: p.col, standalone })
  }
  return out
}

function pathMatches(file: string, pattern: string): boolean {
  const f = file.replace(/\\/g, '/').replace(/^\.\//, '')
  const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '')
  return f === p || f.endsWith('/' + p)
}

export function configSuppression(f: Finding, rc: RuleConfig | undefined): Suppression | undefined {
  for (const entry of rc?.ignore ?? []) {
    const m = /^(.*?)(?::(\d+))?(?::\d+)?$/.exec(entry)
    if (!m) continue
    const [, path, line] = m
    if (pathMatches(f.file, path) && (!line || Number(line) === f.line)) {
      return { by: 'config', reason: `rules.${f.rule}.ignore: ${entry}` }
    }
  }
  return undefined
}

export function commentSuppression(f: Finding, comments: IgnoreComment[]): { s: Suppression; c: IgnoreComment } | undefined {
  for (const c of comments) {
    const covers = c.standalone ? c.line === f.line - 1 : c.line === f.line
    if (covers && c.rules.includes(f.rule)) {
      return { s: { by: 'comment', reason: c.reason || '(no reason given)' }, c }
    }
  }
  return undefined
}

/** Rules whose findings name a dependency that may be allowed to stay unpinned. */
export const ALLOWABLE_RULES = new Set(['unpinned-uses', 'unpinned-images', 'unpinned-transitive-uses'])

export function allowSuppression(f: Finding, allow: AllowEntry[]): { s: Suppression; entry: AllowEntry } | undefined {
  if (!f.subject || !ALLOWABLE_RULES.has(f.rule)) return undefined
  const entry = findAllowance(allow, f.subject)
  if (!entry) return undefined
  return { s: { by: 'allow', reason: entry.reason, pattern: entry.pattern }, entry }
}
