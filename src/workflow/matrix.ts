/**
 * Matrix expansion as the runner does it: the product of the list-valued keys, minus
 * `exclude`, plus `include` (extending the legs it matches, or adding a leg). Bounded: a matrix
 * given as an expression, or one of more than MAX_LEGS legs, is unknown.
 */
import type { Job } from './model.js'
import { evaluate, findExpressions, parseExpr, UNKNOWN, known } from './expr.js'
import type { AV, Json } from './expr.js'
import { get, toJS } from './yaml.js'

export const MAX_LEGS = 256

type Leg = Record<string, unknown>

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function matrixLegs(job: Job): Leg[] | undefined {
  const m = get(job.strategy, 'matrix')
  if (!m) return [{}]
  const raw = toJS(m)
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const obj = raw as Record<string, unknown>
  let legs: Leg[] = [{}]
  const base: string[] = []
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'include' || k === 'exclude') continue
    if (!Array.isArray(v)) return undefined // an expression (fromJSON) or a malformed matrix
    base.push(k)
    const next: Leg[] = []
    for (const l of legs) for (const x of v) next.push({ ...l, [k]: x })
    if (next.length > MAX_LEGS) return undefined
    legs = next
  }
  if (base.length === 0) legs = []
  const exclude = obj.exclude
  if (Array.isArray(exclude)) {
    legs = legs.filter((l) => !exclude.some((e) => e && typeof e === 'object' && Object.entries(e).every(([k, v]) => same(l[k], v))))
  }
  const include = obj.include
  if (Array.isArray(include)) {
    for (const inc of include) {
      if (!inc || typeof inc !== 'object') continue
      const e = inc as Leg
      const matching = legs.filter((l) => Object.entries(e).every(([k, v]) => !base.includes(k) || same(l[k], v)))
      const extendable = matching.filter((l) => Object.keys(e).every((k) => !(k in l) || base.includes(k) || same(l[k], e[k])))
      if (base.length > 0 && extendable.length > 0) for (const l of extendable) Object.assign(l, e)
      else legs.push({ ...e })
      if (legs.length > MAX_LEGS) return undefined
    }
  }
  return legs.length ? legs : [{}]
}

/** Resolve `matrix.*` against one leg; everything else unknown. */
export function legResolver(leg: Leg): (path: string) => AV {
  return (path) => {
    if (!path.startsWith('matrix.')) return UNKNOWN
    let v: unknown = leg
    for (const part of path.slice(7).split('.')) {
      // matrix keys are case-insensitive to GitHub, as every context's properties
      const key = v && typeof v === 'object' ? Object.keys(v).find((k) => k.toLowerCase() === part.toLowerCase()) : undefined
      if (key === undefined) return v === leg ? known(null) : UNKNOWN
      v = (v as Record<string, unknown>)[key]
    }
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return known(v)
    if (typeof v === 'object' && !String(JSON.stringify(v)).includes('${{')) return known(v as Json)
    return UNKNOWN
  }
}

/**
 * The value of a text with `${{ }}` in one leg: the expression's value when the text is one
 * expression, else the text with each expression replaced. Undefined when unknown.
 */
export function evalText(text: string, resolve: (p: string) => AV): unknown {
  const ex = findExpressions(text)
  if (ex.length === 0) return text
  try {
    if (ex.length === 1 && ex[0].full === text.trim()) {
      const v = evaluate(parseExpr(ex[0].inner), resolve)
      return v.t === 'known' ? v.v : undefined
    }
    let out = ''
    let last = 0
    for (const e of ex) {
      const v = evaluate(parseExpr(e.inner), resolve)
      if (v.t !== 'known' || (v.v !== null && typeof v.v === 'object')) return undefined
      out += text.slice(last, e.offset) + (v.v === null ? '' : String(v.v))
      last = e.offset + e.full.length
    }
    return out + text.slice(last)
  } catch {
    return undefined
  }
}
