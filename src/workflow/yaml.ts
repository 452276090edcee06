/**
 * YAML -> a small tree of nodes that keep their source positions.
 *
 * Built on `yaml`'s CST parser and composer, parsed once. Aliases are resolved while the
 * tree is built, under a budget, so an alias bomb ("billion laughs") is an input error
 * and not a hang. Comments are collected from the CST with their offsets, so inline
 * ignores can be matched to lines without being fooled by a `#` inside a block scalar.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document, Node as YamlNode } from 'yaml'

/** 1-based line and column. */
export interface Pos {
  line: number
  column: number
}

interface NodeBase {
  pos: Pos
  /** Offset of the node's first character in the source. */
  offset: number
  /** Offset just past the node's value. */
  end: number
}

export type Scalar = string | number | boolean | null

export interface YScalar extends NodeBase {
  kind: 'scalar'
  value: Scalar
  /** Block (`|`, `>`) or flow style; block scalars keep their text at `offset..end`. */
  style: 'plain' | 'single' | 'double' | 'block'
}

export interface YPair {
  key: YScalar
  value: YNode
}

export interface YMap extends NodeBase {
  kind: 'map'
  pairs: YPair[]
}

export interface YSeq extends NodeBase {
  kind: 'seq'
  items: YNode[]
}

export type YNode = YScalar | YMap | YSeq

export interface YComment {
  text: string
  pos: Pos
}

export interface ParsedYaml {
  root: YNode | undefined
  /** Comments of the file, collected from the CST on first use. */
  readonly comments: YComment[]
  source: string
  lineCounter: LineCounter
  /**
   * The parsed document itself (with its source tokens), error-free: GitHub's workflow parser
   * reads this instead of parsing the text a second time.
   */
  doc?: Document.Parsed
}

/** Limits on what a YAML file may cost; documented in the README ("Limits"). */
export const YAML_LIMITS = {
  /** Largest file accepted, in bytes. GitHub's own limit for a workflow is far below. */
  maxBytes: 1024 * 1024,
  /** Alias expansions allowed in one file (each `*ref` resolved counts its whole subtree). */
  maxAliasNodes: 10_000,
  /** Deepest nesting of collections. */
  maxDepth: 64,
  /** Nodes in the resolved tree. */
  maxNodes: 200_000,
}

/** An input problem with a location: reported to the user, never a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line ? `${file}:${line}${column ? `:${column}` : ''}: ${message}` : `${file}: ${message}`)
    this.name = 'InputError'
  }
}

/**
 * Decode bytes as UTF-8, strictly: a file that is not UTF-8 (UTF-16, Latin-1, binary) is an
 * input error naming the line of the first bad byte, not text full of U+FFFD.
 */
export function decodeUtf8(buf: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    const at = firstBadByte(buf)
    let line = 1
    for (let k = 0; k < at; k++) if (buf[k] === 10) line++
    throw new InputError(buf[0] === 0xff || buf[0] === 0xfe ? 'file is UTF-16, not UTF-8' : 'file is not valid UTF-8', file, line)
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstBadByte(b: Uint8Array): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (n < 0) return i
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i
    i += n + 1
  }
  return b.length
}

/** Cheap pre-scan: the deepest bracket/indent nesting, before the recursive parser sees it. */
function nestingTooDeep(src: string, max: number): number | undefined {
  // Fast path: without `max` brackets nor deep indentation nor long `- - -` runs, nothing can nest that deep.
  let brackets = 0
  for (let i = src.indexOf('['); i >= 0 && brackets <= max; i = src.indexOf('[', i + 1)) brackets++
  for (let i = src.indexOf('{'); i >= 0 && brackets <= max; i = src.indexOf('{', i + 1)) brackets++
  if (brackets <= max && !new RegExp(`^[ \\t]{${max},}\\S`, 'm').test(src) && !/(?:- ){16,}/.test(src)) return undefined
  let depth = 0
  let line = 1
  let inQuote: string | undefined
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i)
    if (c === 10) {
      line++
      continue
    }
    const ch = src[i]
    if (inQuote) {
      if (ch === inQuote) inQuote = undefined
      continue
    }
    if (ch === '#' && (i === 0 || src[i - 1] === ' ' || src[i - 1] === '\n')) {
      while (i < src.length && src.charCodeAt(i) !== 10) i++
      i--
      continue
    }
    if (ch === '[' || ch === '{') {
      if (++depth > max) return line
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1)
  }
  // indentation depth: a line indented more than max*2+... columns of nested blocks
  const lines = src.split('\n')
  let indentLevels = 0
  const stack: number[] = []
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]
    const t = l.trimStart()
    if (t === '' || t.startsWith('#')) continue
    let ind = l.length - t.length
    // "- - - x" sequences nest without indentation
    let k = 0
    while (t[k] === '-' && t[k + 1] === ' ') {
      k += 2
      ind += 2
    }
    while (stack.length && stack[stack.length - 1] >= ind) stack.pop()
    stack.push(ind)
    indentLevels = stack.length
    if (indentLevels > max) return n + 1
  }
  return undefined
}

function styleOf(type: string | undefined): YScalar['style'] {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single'
    case 'QUOTE_DOUBLE':
      return 'double'
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return 'block'
    default:
      return 'plain'
  }
}

/** Fields of CST tokens that hold child tokens (yaml's CST: document, block and flow collections, scalars). */
const CST_CHILDREN = ['start', 'sep', 'end', 'props', 'items', 'key', 'value'] as const

/** Collect CST comment tokens without recursion (deep files must not blow the stack). */
function collectComments(tokens: unknown[], lc: LineCounter): YComment[] {
  const out: YComment[] = []
  const stack: unknown[] = [...tokens]
  while (stack.length) {
    const t = stack.pop()
    if (!t || typeof t !== 'object') continue
    if (Array.isArray(t)) {
      for (const x of t) stack.push(x)
      continue
    }
    const o = t as Record<string, unknown>
    if (o.type === 'comment') {
      if (typeof o.source === 'string' && typeof o.offset === 'number') {
        const p = lc.linePos(o.offset)
        out.push({ text: o.source, pos: { line: p.line, column: p.col } })
      }
      continue
    }
    for (const k of CST_CHILDREN) {
      const v = o[k]
      if (v && typeof v === 'object') stack.push(v)
    }
  }
  return out.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column)
}

/** The comment at the end of a line, if any (`uses: x@sha # v1.2.3`): read from the text itself. */
export function trailingComment(source: string, lineStarts: readonly number[], line: number): string | undefined {
  const start = lineStarts[line - 1]
  if (start === undefined) return undefined
  const end = source.indexOf('\n', start)
  const text = source.slice(start, end < 0 ? undefined : end)
  const m = /\s#(.*)$/.exec(text)
  return m ? `#${m[1]}` : undefined
}

/**
 * yaml's Parser reads `process.env.LOG_TOKENS` for every token (and its Composer
 * `LOG_STREAM` for every document); each read of `process.env` crosses into the runtime.
 * Parsing is synchronous, so the library is handed a plain copy while it runs (measured: about
 * 4% of an offline audit of 1,000 workflows).
 */
function withPlainEnv<T>(f: () => T): T {
  const real = process.env
  process.env = { ...(real.LOG_TOKENS ? { LOG_TOKENS: real.LOG_TOKENS } : {}), ...(real.LOG_STREAM ? { LOG_STREAM: real.LOG_STREAM } : {}) }
  try {
    return f()
  } finally {
    process.env = real
  }
}

/**
 * Parse one YAML document. Throws {@link InputError} (with file, line and column) for
 * syntax errors, several documents, limits exceeded and non-text input.
 */
export function parseYaml(source: string, file: string): ParsedYaml {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > YAML_LIMITS.maxBytes) {
    throw new InputError(
      `file is ${bytes} bytes; release-gate reads YAML files of at most ${YAML_LIMITS.maxBytes} bytes`,
      file,
    )
  }
  if (source.includes('\u0000')) throw new InputError('file contains NUL bytes; it is not a YAML text file', file)
  if (source.includes('\uFFFD')) {
    const i = source.indexOf('\uFFFD')
    const line = source.slice(0, i).split('\n').length
    throw new InputError('file is not valid UTF-8', file, line)
  }
  const deep = nestingTooDeep(source, YAML_LIMITS.maxDepth)
  if (deep !== undefined) {
    throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, file, deep)
  }

  const lc = new LineCounter()
  let docs: Document.Parsed[]
  try {
    docs = withPlainEnv(() => {
      const toks = new Parser(lc.addNewLine).parse(source)
      return [...new Composer({ version: '1.2', uniqueKeys: true, prettyErrors: false, keepSourceTokens: true }).compose(toks)]
    })
  } catch (e) {
    throw new InputError(`YAML could not be parsed: ${e instanceof Error ? e.message : String(e)}`, file)
  }
  const pos = (offset: number): Pos => {
    const p = lc.linePos(offset)
    return { line: p.line, column: p.col }
  }
  if (docs.length > 1) {
    const p = pos(docs[1].range?.[0] ?? 0)
    throw new InputError(
      `file holds ${docs.length} YAML documents; a workflow or action file is exactly one`,
      file,
      p.line,
      p.column,
    )
  }
  const doc = docs[0]
  if (doc) {
    const err = doc.errors[0]
    if (err) {
      const p = pos(err.pos[0])
      const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '')
      throw new InputError(`invalid YAML: ${msg}`, file, p.line, p.column)
    }
  }

  let nodes = 0
  let aliasNodes = 0
  const build = (n: unknown, depth: number, viaAlias: boolean, seen: Set<unknown>): YNode => {
    if (++nodes > YAML_LIMITS.maxNodes) {
      throw new InputError(`more than ${YAML_LIMITS.maxNodes} YAML nodes`, file)
    }
    if (viaAlias && ++aliasNodes > YAML_LIMITS.maxAliasNodes) {
      throw new InputError(
        `aliases expand to more than ${YAML_LIMITS.maxAliasNodes} nodes (an alias bomb?)`,
        file,
      )
    }
    if (depth > YAML_LIMITS.maxDepth) throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, file)
    if (isAlias(n)) {
      const target = n.resolve(doc!)
      const p = pos(n.range?.[0] ?? 0)
      if (!target) throw new InputError(`unresolved alias ${n.source}`, file, p.line, p.column)
      if (seen.has(target)) throw new InputError(`recursive alias ${n.source}`, file, p.line, p.column)
      const s = new Set(seen).add(target)
      return build(target, depth + 1, true, s)
    }
    const node = n as YamlNode
    const [start, valueEnd] = node.range ?? [0, 0]
    // fields written out, not spread from a shared base: this runs for every node of every file
    const at = pos(start)
    if (isMap(n)) {
      const pairs: YPair[] = []
      for (const it of n.items) {
        if (!isPair(it)) continue
        const k = it.key
        let key: YScalar
        if (isScalar(k)) {
          const [ks, ke] = k.range ?? [0, 0]
          key = { kind: 'scalar', value: k.value === null ? '' : String(k.value), style: styleOf(k.type), pos: pos(ks), offset: ks, end: ke }
        } else if (isAlias(k)) {
          const t = build(k, depth + 1, true, seen)
          if (t.kind !== 'scalar') throw new InputError('a mapping key must be a plain value', file, t.pos.line, t.pos.column)
          key = { ...t, value: t.value === null ? '' : String(t.value) }
        } else {
          const p = pos((k as YamlNode | null)?.range?.[0] ?? start)
          throw new InputError('a mapping key must be a plain value, not a collection', file, p.line, p.column)
        }
        const value: YNode =
          it.value === null || it.value === undefined
            ? { kind: 'scalar', value: null, style: 'plain', pos: key.pos, offset: key.end, end: key.end }
            : build(it.value, depth + 1, viaAlias, seen)
        // YAML merge keys (`<<: *base`) are not part of GitHub's workflow syntax; keep them as a key.
        pairs.push({ key, value })
      }
      return { kind: 'map', pairs, pos: at, offset: start, end: valueEnd }
    }
    if (isSeq(n)) {
      const items: YNode[] = []
      for (const it of n.items) {
        if (it === null || it === undefined) {
          items.push({ kind: 'scalar', value: null, style: 'plain', pos: at, offset: start, end: valueEnd })
        } else items.push(build(it, depth + 1, viaAlias, seen))
      }
      return { kind: 'seq', items, pos: at, offset: start, end: valueEnd }
    }
    if (isScalar(n)) {
      const v = n.value
      const value: Scalar =
        v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? (v ?? null)
          : typeof v === 'bigint'
            ? Number(v)
            : String(v)
      return { kind: 'scalar', value, style: styleOf(n.type), pos: at, offset: start, end: valueEnd }
    }
    return { kind: 'scalar', value: null, style: 'plain', pos: at, offset: start, end: valueEnd }
  }

  let root: YNode | undefined
  try {
    root = doc?.contents ? build(doc.contents, 0, false, new Set()) : undefined
  } catch (e) {
    if (e instanceof InputError) throw e
    if (e instanceof RangeError) throw new InputError('YAML nesting too deep to read', file)
    throw e
  }
  // The CST is not kept: comments are rarely needed (inline ignores), so they are re-lexed on demand.
  let comments: YComment[] | undefined
  return {
    root,
    get comments() {
      if (comments) return comments
      const lc2 = new LineCounter()
      comments = collectComments(withPlainEnv(() => [...new Parser(lc2.addNewLine).parse(source)]), lc2)
      return comments
    },
    source,
    lineCounter: lc,
    ...(doc ? { doc } : {}),
  }
}

/** Helpers for reading the tree. */
export function get(node: YNode | undefined, key: string): YNode | undefined {
  if (!node || node.kind !== 'map') return undefined
  for (const p of node.pairs) if (p.key.value === key) return p.value
  return undefined
}

export function getPair(node: YNode | undefined, key: string): YPair | undefined {
  if (!node || node.kind !== 'map') return undefined
  return node.pairs.find((p) => p.key.value === key)
}

export function str(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined
  return String(node.value)
}

/** Plain JS value of a node (for matrices and `with:` blocks); the tree is already bounded. */
export function toJS(node: YNode | undefined): unknown {
  if (!node) return undefined
  if (node.kind === 'scalar') return node.value
  if (node.kind === 'seq') return node.items.map(toJS)
  const o: Record<string, unknown> = {}
  for (const p of node.pairs) o[String(p.key.value)] = toJS(p.value)
  return o
}
