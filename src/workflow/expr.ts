/**
 * GitHub Actions expressions: a parser and a three-valued evaluator.
 *
 * The evaluator runs on what is known before a run — the event, and for some events the
 * shape of `github.ref` — and keeps everything else unknown. Unknown is never taken as false:
 * a condition that cannot be decided counts as "may run".
 */

export type Expr =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'ctx'; name: string }
  | { k: 'prop'; obj: Expr; key: string | '*' }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'not'; e: Expr }
  | { k: 'bin'; op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||'; a: Expr; b: Expr }

type Tok = { t: 'num' | 'str' | 'id' | 'op' | 'end'; v: string; pos: number }

export class ExprError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === "'") {
      let j = i + 1
      let s = ''
      for (;;) {
        if (j >= src.length) throw new ExprError('unterminated string')
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            s += "'"
            j += 2
            continue
          }
          break
        }
        s += src[j++]
      }
      out.push({ t: 'str', v: s, pos: i })
      i = j + 1
      continue
    }
    const two = src.slice(i, i + 2)
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two, pos: i })
      i += 2
      continue
    }
    if ('!<>()[],.*'.includes(c)) {
      out.push({ t: 'op', v: c, pos: i })
      i++
      continue
    }
    const num = /^(?:0x[0-9a-fA-F]+|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(src.slice(i))
    if (num && !(out.length && out[out.length - 1].v === '.')) {
      out.push({ t: 'num', v: num[0], pos: i })
      i += num[0].length
      continue
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))
    if (id) {
      out.push({ t: 'id', v: id[0], pos: i })
      i += id[0].length
      continue
    }
    throw new ExprError(`unexpected character '${c}'`)
  }
  out.push({ t: 'end', v: '', pos: src.length })
  return out
}

const PREC: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 }

/** Parse one expression (without `${{ }}`). Throws ExprError on malformed input. */
export function parseExpr(src: string): Expr {
  const toks = tokenize(src)
  let p = 0
  let depth = 0
  const peek = () => toks[p]
  const next = () => toks[p++]
  const expect = (v: string) => {
    const t = next()
    if (t.v !== v || t.t === 'str') throw new ExprError(`expected '${v}' at ${t.pos}`)
  }
  const primary = (): Expr => {
    if (++depth > 100) throw new ExprError('expression nested too deeply')
    try {
      const t = next()
      if (t.t === 'op' && t.v === '!') return { k: 'not', e: postfix(primary()) }
      if (t.t === 'op' && t.v === '(') {
        const e = binary(0)
        expect(')')
        return e
      }
      if (t.t === 'str') return { k: 'lit', v: t.v }
      if (t.t === 'num') return { k: 'lit', v: Number(t.v) }
      if (t.t === 'id') {
        if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' }
        if (t.v === 'null') return { k: 'lit', v: null }
        if (peek().v === '(' && peek().t === 'op') {
          next()
          const args: Expr[] = []
          if (!(peek().t === 'op' && peek().v === ')')) {
            for (;;) {
              args.push(binary(0))
              if (peek().t === 'op' && peek().v === ',') {
                next()
                continue
              }
              break
            }
          }
          expect(')')
          return { k: 'call', fn: t.v.toLowerCase(), args }
        }
        return { k: 'ctx', name: t.v }
      }
      throw new ExprError(`unexpected '${t.v || 'end'}' at ${t.pos}`)
    } finally {
      depth--
    }
  }
  const postfix = (e: Expr): Expr => {
    for (;;) {
      const t = peek()
      if (t.t === 'op' && t.v === '.') {
        next()
        const k = next()
        if (k.t === 'id') e = { k: 'prop', obj: e, key: k.v }
        else if (k.t === 'op' && k.v === '*') e = { k: 'prop', obj: e, key: '*' }
        else if (k.t === 'num' && /^\d+$/.test(k.v)) e = { k: 'index', obj: e, index: { k: 'lit', v: Number(k.v) } }
        else throw new ExprError(`expected a property name at ${k.pos}`)
      } else if (t.t === 'op' && t.v === '[') {
        next()
        const idx = peek().t === 'op' && peek().v === '*' ? (next(), null) : binary(0)
        expect(']')
        e = idx === null ? { k: 'prop', obj: e, key: '*' } : { k: 'index', obj: e, index: idx }
      } else return e
    }
  }
  const binary = (min: number): Expr => {
    let left = postfix(primary())
    for (;;) {
      const t = peek()
      const prec = t.t === 'op' ? PREC[t.v] : undefined
      if (prec === undefined || prec <= min - 1 || prec < min) return left
      next()
      const right = binary(prec + 1)
      left = { k: 'bin', op: t.v as never, a: left, b: right }
    }
  }
  const e = binary(0)
  if (peek().t !== 'end') throw new ExprError(`unexpected '${peek().v}' at ${peek().pos}`)
  return e
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
  | { t: 'known'; v: string | number | boolean | null }
  | { t: 'prefix'; p: string }
  /** One of a known set of strings (an event's possible `action` values). */
  | { t: 'oneOf'; vs: string[] }
  | { t: 'unknown' }

export const UNKNOWN: AV = { t: 'unknown' }
export const known = (v: string | number | boolean | null): AV => ({ t: 'known', v })

export type Tri = true | false | 'unknown'

/** Resolves a context path to what is known of it. */
export type Resolver = (path: string) => AV

function truthy(v: AV): Tri {
  if (v.t === 'prefix') return v.p !== '' ? true : 'unknown'
  if (v.t === 'oneOf') return v.vs.every((x) => x !== '') ? true : 'unknown'
  if (v.t === 'unknown') return 'unknown'
  const x = v.v
  return !(x === null || x === false || x === 0 || x === '' || (typeof x === 'number' && Number.isNaN(x)))
}

function fromTri(t: Tri): AV {
  return t === 'unknown' ? UNKNOWN : known(t)
}

function eq(a: AV, b: AV): Tri {
  if (a.t === 'known' && b.t === 'known') {
    const x = a.v
    const y = b.v
    if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase()
    if (x === null || y === null) return x === y
    if (typeof x === typeof y) return x === y
    // GitHub coerces mismatched types to numbers
    const nx = Number(x === true ? 1 : x === false ? 0 : x)
    const ny = Number(y === true ? 1 : y === false ? 0 : y)
    return nx === ny
  }
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
  return v.t === 'known' ? (v.v === null ? '' : String(v.v)) : undefined
}

function call(fn: string, args: AV[]): AV {
  switch (fn) {
    case 'always':
      return known(true)
    case 'success':
    case 'failure':
    case 'cancelled':
      return UNKNOWN
    case 'startswith':
    case 'endswith':
    case 'contains': {
      const [a, b] = args
      if (!a || !b) return UNKNOWN
      const sa = str(a)
      const sb = str(b)
      if (sa !== undefined && sb !== undefined) {
        const x = sa.toLowerCase()
        const y = sb.toLowerCase()
        return known(fn === 'startswith' ? x.startsWith(y) : fn === 'endswith' ? x.endsWith(y) : x.includes(y))
      }
      if (fn === 'startswith' && a.t === 'prefix' && sb !== undefined) {
        const p = a.p.toLowerCase()
        const y = sb.toLowerCase()
        if (p.startsWith(y)) return known(true)
        if (!y.startsWith(p)) return known(false)
        return UNKNOWN
      }
      if (fn === 'contains' && a.t === 'prefix' && sb !== undefined && a.p.toLowerCase().includes(sb.toLowerCase())) return known(true)
      return UNKNOWN
    }
    case 'format': {
      const [f, ...rest] = args
      const fs = f ? str(f) : undefined
      if (fs === undefined || rest.some((r) => str(r) === undefined)) return UNKNOWN
      return known(fs.replace(/\{(\d+)\}/g, (_m, n: string) => str(rest[Number(n)]) ?? ''))
    }
    default:
      return UNKNOWN
  }
}

export function evaluate(e: Expr, resolve: Resolver): AV {
  switch (e.k) {
    case 'lit':
      return known(e.v)
    case 'ctx':
    case 'prop':
    case 'index': {
      const p = refPath(e)
      return p === undefined ? UNKNOWN : resolve(p)
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
        const x = Number(a.v)
        const y = Number(b.v)
        return known(e.op === '<' ? x < y : e.op === '<=' ? x <= y : e.op === '>' ? x > y : x >= y)
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
  let src = text.trim()
  const exprs = findExpressions(src)
  if (exprs.length === 1 && exprs[0].full === src) src = exprs[0].inner
  else if (exprs.length > 0) return true
  if (src === '') return true
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
