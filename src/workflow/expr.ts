/**
 * GitHub Actions expressions: a parser and a three-valued evaluator.
 *
 * The evaluator runs on what is known before a run — the event, and for some events the
 * shape of `github.ref` — and keeps everything else unknown. Unknown is never taken as false:
 * a condition that cannot be decided counts as "may run".
 */

import { Lexer, Parser, data, wellKnownFunctions } from '@actions/expressions'
import type { Expr as GhExpr } from '@actions/expressions'
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Star, Unary } from '@actions/expressions/ast'
import { equals, greaterThan, lessThan, truthy as ghTruthy } from '@actions/expressions/result'

/** A JSON value: what a known expression value can be (`fromJSON` makes arrays and objects). */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

export type Expr =
  | { k: 'lit'; v: Json }
  | { k: 'ctx'; name: string }
  | { k: 'prop'; obj: Expr; key: string | '*' }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'not'; e: Expr }
  | { k: 'bin'; op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||'; a: Expr; b: Expr }

export class ExprError extends Error {}

/** The contexts a workflow may name (docs.github.com, "Contexts"). */
const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'matrix', 'strategy', 'needs', 'steps', 'job', 'jobs', 'runner']
/** Status functions and hashFiles, beyond the library's own functions. */
const FUNCTIONS = [
  { name: 'always', minArgs: 0, maxArgs: 0 },
  { name: 'success', minArgs: 0, maxArgs: 0 },
  { name: 'failure', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', minArgs: 0, maxArgs: 0 },
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
]

/** Longest expression parsed; GitHub's own limit is 21,000 characters per expression. */
const MAX_EXPRESSION = 21_000

function fromData(d: data.ExpressionData): Json {
  return JSON.parse(JSON.stringify(d, data.replacer)) as Json
}

function toData(v: Json): data.ExpressionData {
  return JSON.parse(JSON.stringify(v), data.reviver) as data.ExpressionData
}

/**
 * GitHub's syntax tree to ours. Context and property names are case-insensitive to GitHub,
 * so they are lower-cased here, except the names of `env` variables, which are not.
 */
function convert(n: GhExpr, underEnv: boolean): Expr {
  if (n instanceof Literal) return { k: 'lit', v: fromData(n.literal) }
  if (n instanceof Grouping) return convert(n.group, underEnv)
  if (n instanceof Unary) return { k: 'not', e: convert(n.expr, false) }
  if (n instanceof Binary) return { k: 'bin', op: n.operator.lexeme as '==', a: convert(n.left, false), b: convert(n.right, false) }
  if (n instanceof Logical) {
    const op = n.operator.lexeme === '&&' ? '&&' : '||'
    return n.args.map((a) => convert(a, false)).reduce((a, b) => ({ k: 'bin', op, a, b }))
  }
  if (n instanceof ContextAccess) return { k: 'ctx', name: n.name.lexeme.toLowerCase() }
  if (n instanceof FunctionCall) return { k: 'call', fn: n.functionName.lexeme.toLowerCase(), args: n.args.map((a) => convert(a, false)) }
  if (n instanceof IndexAccess) {
    const obj = convert(n.expr, underEnv)
    const isEnv = obj.k === 'ctx' && obj.name === 'env'
    if (n.index instanceof Star) return { k: 'prop', obj, key: '*' }
    if (n.index instanceof Literal && n.index.literal.kind === data.Kind.String) {
      const key = (n.index.literal as data.StringData).value
      return { k: 'prop', obj, key: isEnv ? key : key.toLowerCase() }
    }
    return { k: 'index', obj, index: convert(n.index, false) }
  }
  throw new ExprError('unsupported expression')
}

/** Parse one expression (without `${{ }}`) with GitHub's parser. Throws ExprError on malformed input. */
export function parseExpr(src: string): Expr {
  const hit = parsed.get(src)
  if (hit !== undefined) {
    if (hit instanceof ExprError) throw hit
    return hit
  }
  if (parsed.size >= PARSED_MAX) parsed.clear()
  try {
    const e = parseFresh(src)
    parsed.set(src, e)
    return e
  } catch (e) {
    if (e instanceof ExprError) parsed.set(src, e)
    throw e
  }
}

/**
 * Parsed expressions by their text: rules read the same `if:` and `${{ }}` many times (each
 * job's reachability per event, each rule's own walk). Trees are never changed after parsing,
 * so one is shared; the memo is bounded and starts over when full.
 */
const parsed = new Map<string, Expr | ExprError>()
const PARSED_MAX = 20_000

function parseFresh(src: string): Expr {
  if (src.length > MAX_EXPRESSION) throw new ExprError(`expression longer than ${MAX_EXPRESSION} characters`)
  let tree: GhExpr | undefined
  try {
    const { tokens } = new Lexer(src).lex()
    tree = new Parser(tokens, CONTEXTS, FUNCTIONS).parse()
  } catch (e) {
    throw new ExprError((e as Error).message)
  }
  if (!tree) throw new ExprError('empty expression')
  return convert(tree, false)
}

/**
 * The top-level operands of `op` in an expression's text (outside parentheses and string
 * literals), trimmed: `a && (b || c) && d` split at `&&` is `a`, `(b || c)`, `d`. Linear.
 */
export function topLevelOperands(text: string, op: '&&' | '||'): string[] {
  const out: string[] = []
  let depth = 0
  let inStr = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inStr) {
      if (c === "'") inStr = false
      continue
    }
    if (c === "'") inStr = true
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === op[0] && text[i + 1] === op[1] && depth === 0) {
      out.push(text.slice(start, i).trim())
      start = i + 2
      i++
    }
  }
  out.push(text.slice(start).trim())
  return out
}

/** Every `${{ … }}` in a text, with its offset and inner text. */
export function findExpressions(text: string): Array<{ offset: number; inner: string; full: string }> {
  const out: Array<{ offset: number; inner: string; full: string }> = []
  let i = 0
  for (;;) {
    const s = text.indexOf('${{', i)
    if (s < 0) break
    // find the closing }} outside of string literals
    let j = s + 3
    let inStr = false
    let end = -1
    while (j < text.length) {
      if (text[j] === "'") inStr = !inStr
      else if (!inStr && text.startsWith('}}', j)) {
        end = j
        break
      }
      j++
    }
    if (end < 0) break
    out.push({ offset: s, inner: text.slice(s + 3, end).trim(), full: text.slice(s, end + 2) })
    i = end + 2
  }
  return out
}

/**
 * A context path such as `github.event.pull_request.title`: the dotted names of a property
 * chain, `*` for filters, `[]` for a computed index.
 */
export function refPath(e: Expr): string | undefined {
  if (e.k === 'ctx') return e.name
  if (e.k === 'prop') {
    const o = refPath(e.obj)
    return o === undefined ? undefined : `${o}.${e.key}`
  }
  if (e.k === 'index') {
    const o = refPath(e.obj)
    if (o === undefined) return undefined
    return e.index.k === 'lit' && typeof e.index.v === 'string' ? `${o}.${e.index.v}` : e.index.k === 'lit' ? `${o}.${String(e.index.v)}` : `${o}[]`
  }
  return undefined
}

/** Walk every node. */
export function walk(e: Expr, f: (e: Expr) => void): void {
  f(e)
  switch (e.k) {
    case 'prop':
      walk(e.obj, f)
      break
    case 'index':
      walk(e.obj, f)
      walk(e.index, f)
      break
    case 'call':
      e.args.forEach((a) => walk(a, f))
      break
    case 'not':
      walk(e.e, f)
      break
    case 'bin':
      walk(e.a, f)
      walk(e.b, f)
      break
    default:
  }
}

/** The maximal context paths an expression reads (`a.b.c`, not also `a.b`). */
export function contextRefs(e: Expr): string[] {
  const out: string[] = []
  const visit = (x: Expr): void => {
    const p = x.k === 'prop' || x.k === 'index' || x.k === 'ctx' ? refPath(x) : undefined
    if (p !== undefined) {
      out.push(p)
      if (x.k === 'index') visit(x.index)
      return
    }
    switch (x.k) {
      case 'prop':
        visit(x.obj)
        break
      case 'index':
        visit(x.obj)
        visit(x.index)
        break
      case 'call':
        x.args.forEach(visit)
        break
      case 'not':
        visit(x.e)
        break
      case 'bin':
        visit(x.a)
        visit(x.b)
        break
      default:
    }
  }
  visit(e)
  return out
}

// ---------------------------------------------------------------------------------------
// Three-valued evaluation

/** An abstract value: known, a string known to start with a prefix, or unknown. */
export type AV =
  | { t: 'known'; v: Json }
  | { t: 'prefix'; p: string }
  /** One of a known set of strings (an event's possible `action` values). */
  | { t: 'oneOf'; vs: string[] }
  | { t: 'unknown' }

export const UNKNOWN: AV = { t: 'unknown' }
export const known = (v: Json): AV => ({ t: 'known', v })

export type Tri = true | false | 'unknown'

/** Resolves a context path to what is known of it. */
export type Resolver = (path: string) => AV

/** GitHub's truthiness (the library's), with unknown kept unknown. */
function truthy(v: AV): Tri {
  if (v.t === 'prefix') return v.p !== '' ? true : 'unknown'
  if (v.t === 'oneOf') return v.vs.every((x) => x !== '') ? true : 'unknown'
  if (v.t === 'unknown') return 'unknown'
  return ghTruthy(toData(v.v))
}

function fromTri(t: Tri): AV {
  return t === 'unknown' ? UNKNOWN : known(t)
}

function eq(a: AV, b: AV): Tri {
  if (a.t === 'known' && b.t === 'known') return equals(toData(a.v), toData(b.v))
  const [o, ok] = a.t === 'oneOf' ? [a, b] : b.t === 'oneOf' ? [b, a] : [undefined, undefined]
  if (o && o.t === 'oneOf' && ok && ok.t === 'known') {
    if (typeof ok.v !== 'string') return false
    const hit = o.vs.some((x) => x.toLowerCase() === (ok.v as string).toLowerCase())
    return !hit ? false : o.vs.length === 1 ? true : 'unknown'
  }
  const [p, k] = a.t === 'prefix' ? [a, b] : b.t === 'prefix' ? [b, a] : [undefined, undefined]
  if (p && p.t === 'prefix' && k && k.t === 'known') {
    if (typeof k.v !== 'string') return false
    return k.v.toLowerCase().startsWith(p.p.toLowerCase()) ? 'unknown' : false
  }
  return 'unknown'
}

function str(v: AV): string | undefined {
  return v.t === 'known' && (v.v === null || typeof v.v !== 'object') ? (v.v === null ? '' : String(v.v)) : undefined
}

function call(fn: string, args: AV[]): AV {
  switch (fn) {
    case 'always':
      return known(true)
    case 'success':
    case 'failure':
    case 'cancelled':
    case 'hashfiles':
      return UNKNOWN
    default:
  }
  const f = wellKnownFunctions[fn]
  if (f && args.every((a) => a.t === 'known')) {
    try {
      return known(fromData(f.call(...args.map((a) => toData((a as { v: Json }).v)))))
    } catch {
      // GitHub fails the step on an error (bad JSON in fromJSON): nothing is known
      return UNKNOWN
    }
  }
  // partly known: what a known prefix decides
  const [a, b] = args
  const sb = b ? str(b) : undefined
  if (fn === 'startswith' && a?.t === 'prefix' && sb !== undefined) {
    const p = a.p.toLowerCase()
    const y = sb.toLowerCase()
    if (p.startsWith(y)) return known(true)
    if (!y.startsWith(p)) return known(false)
    return UNKNOWN
  }
  if (fn === 'contains' && a?.t === 'prefix' && sb !== undefined && a.p.toLowerCase().includes(sb.toLowerCase())) return known(true)
  if (fn === 'contains' && a?.t === 'oneOf' && sb !== undefined) {
    const hits = a.vs.filter((x) => x.toLowerCase().includes(sb.toLowerCase())).length
    return hits === 0 ? known(false) : hits === a.vs.length ? known(true) : UNKNOWN
  }
  return UNKNOWN
}

/** Index into a known value, as GitHub does (object keys case-insensitive; missing is null). */
function indexInto(obj: Json, key: Json): AV {
  if (Array.isArray(obj)) return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < obj.length ? known(obj[key]) : known(null)
  if (obj && typeof obj === 'object' && typeof key === 'string') {
    const k = Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase())
    return known(k === undefined ? null : obj[k])
  }
  return known(null)
}

export function evaluate(e: Expr, resolve: Resolver): AV {
  switch (e.k) {
    case 'lit':
      return known(e.v)
    case 'ctx':
    case 'prop':
    case 'index': {
      const p = refPath(e)
      if (p !== undefined && !p.endsWith('[]')) return resolve(p)
      if (e.k === 'ctx') return UNKNOWN
      // a property of a computed value: fromJSON('{...}').x, a matrix leg's list
      const o = evaluate(e.obj, resolve)
      if (o.t !== 'known') return UNKNOWN
      if (e.k === 'prop') return e.key === '*' ? UNKNOWN : indexInto(o.v, e.key)
      const i = evaluate(e.index, resolve)
      return i.t === 'known' ? indexInto(o.v, i.v) : UNKNOWN
    }
    case 'call':
      return call(e.fn, e.args.map((a) => evaluate(a, resolve)))
    case 'not': {
      const t = truthy(evaluate(e.e, resolve))
      return fromTri(t === 'unknown' ? 'unknown' : !t)
    }
    case 'bin': {
      // GitHub's && and || return an operand, not a boolean: `a && 'x' || b`.
      if (e.op === '&&') {
        const av = evaluate(e.a, resolve)
        const a = truthy(av)
        if (a === false) return av
        const bv = evaluate(e.b, resolve)
        if (a === true) return bv
        return truthy(bv) === false ? known(false) : UNKNOWN
      }
      if (e.op === '||') {
        const av = evaluate(e.a, resolve)
        const a = truthy(av)
        if (a === true) return av
        const bv = evaluate(e.b, resolve)
        if (a === false) return bv
        return truthy(bv) === true ? known(true) : UNKNOWN
      }
      const a = evaluate(e.a, resolve)
      const b = evaluate(e.b, resolve)
      if (e.op === '==') return fromTri(eq(a, b))
      if (e.op === '!=') {
        const r = eq(a, b)
        return fromTri(r === 'unknown' ? 'unknown' : !r)
      }
      if (a.t === 'known' && b.t === 'known') {
        const x = toData(a.v)
        const y = toData(b.v)
        const r = e.op === '<' ? lessThan(x, y) : e.op === '<=' ? lessThan(x, y) || equals(x, y) : e.op === '>' ? greaterThan(x, y) : greaterThan(x, y) || equals(x, y)
        return known(r)
      }
      return UNKNOWN
    }
  }
}

/**
 * Evaluate an `if:` value: a bare expression, or one wrapped in `${{ }}`. Text mixed with
 * `${{ }}` is a non-empty string, which GitHub treats as true.
 */
export function evaluateCondition(text: string, resolve: Resolver): Tri {
  // Not trimmed: a block scalar (`if: |`) ends in a newline, which makes the value a string
  // with text outside `${{ }}` — and a non-empty string is true.
  let src = text
  const exprs = findExpressions(src)
  if (exprs.length === 1 && exprs[0].full === src) src = exprs[0].inner
  else if (exprs.length > 0) return true
  if (src.trim() === '') return true
  try {
    return truthy(evaluate(parseExpr(src), resolve))
  } catch {
    return 'unknown'
  }
}

/** Does the condition use a status function other than success()? (then it runs even when needs were skipped) */
export function usesStatusFunction(text: string): boolean {
  return /\b(always|failure|cancelled)\s*\(/i.test(text)
}

/**
 * The context paths an `if:` pins to a string literal: `github.event.label.name == 'support'`,
 * alone or as an operand of a top-level `&&` (the step or job runs only when it holds). Not
 * under `||` or `!`, not `!=`, not `contains()`, not a comparison with a number or a boolean
 * (`'1e0' == 1` holds: a number compares after conversion). GitHub compares strings ignoring
 * case (`toUpperCase` on both sides), so the value may still differ from the literal in the
 * case of its letters (and in letters that upper-case alike, `ß`/`SS`, `ſ`/`S`), never in
 * any other character. Lower-cased paths; empty when the text is not one expression.
 */
export function pinnedByCondition(text: string): Map<string, string> {
  const out = new Map<string, string>()
  let src = text
  const exprs = findExpressions(src)
  if (exprs.length === 1 && exprs[0].full === src) src = exprs[0].inner
  else if (exprs.length > 0) return out
  if (src.trim() === '') return out
  let e: Expr
  try {
    e = parseExpr(src)
  } catch {
    return out
  }
  const visit = (x: Expr): void => {
    if (x.k !== 'bin') return
    if (x.op === '&&') {
      visit(x.a)
      visit(x.b)
      return
    }
    if (x.op !== '==') return
    for (const [ref, lit] of [
      [x.a, x.b],
      [x.b, x.a],
    ]) {
      const p = ref.k === 'ctx' || ref.k === 'prop' || ref.k === 'index' ? refPath(ref) : undefined
      if (p === undefined || p.includes('*') || p.includes('[]') || lit.k !== 'lit' || typeof lit.v !== 'string') continue
      out.set(p.toLowerCase(), lit.v)
    }
  }
  visit(e)
  return out
}
