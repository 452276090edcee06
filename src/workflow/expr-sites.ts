/** Every `${{ … }}` under a node, with its exact source position (block scalars included). */
import { findExpressions, parseExpr } from './expr.js'
import type { Expr } from './expr.js'
import type { Workflow } from './model.js'
import type { Pos, YNode, YScalar } from './yaml.js'

export interface ExprSite {
  inner: string
  full: string
  pos: Pos
  /** Parsed expression; undefined when it does not parse. */
  expr?: Expr
  scalar: YScalar
}

export function exprsInScalar(wf: Workflow, s: YScalar): ExprSite[] {
  if (typeof s.value !== 'string' || !s.value.includes('${{')) return []
  const raw = wf.source.slice(s.offset, s.end)
  const inRaw = raw.includes('${{')
  const found = findExpressions(inRaw ? raw : s.value)
  return found.map((f) => {
    const p = inRaw ? wf.yaml.lineCounter.linePos(s.offset + f.offset) : undefined
    let expr: Expr | undefined
    try {
      expr = parseExpr(f.inner)
    } catch {
      expr = undefined
    }
    return { inner: f.inner, full: f.full, pos: p ? { line: p.line, column: p.col } : s.pos, ...(expr ? { expr } : {}), scalar: s }
  })
}

export function exprsIn(wf: Workflow, node: YNode | undefined): ExprSite[] {
  const out: ExprSite[] = []
  const stack: YNode[] = node ? [node] : []
  while (stack.length) {
    const n = stack.pop()!
    if (n.kind === 'scalar') out.push(...exprsInScalar(wf, n))
    else if (n.kind === 'seq') for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i])
    else for (let i = n.pairs.length - 1; i >= 0; i--) stack.push(n.pairs[i].value)
  }
  return out
}
