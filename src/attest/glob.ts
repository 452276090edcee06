/**
 * `subject-path` as actions/attest-build-provenance reads it (actions/attest `subject.ts`: the
 * input is a CSV list — lines, and commas outside quotes — handed to `@actions/glob` with its
 * default options, then only files are kept; "Could not find subject at path …" when none).
 * `@actions/glob` semantics: minimatch with `dot`, no extglob, no comments inside a pattern;
 * `*`, `?`, `[…]` within a segment, `**` as a whole segment across directories; a line
 * starting with `#` is a comment; `!` excludes what earlier lines matched (later lines may
 * add it back); a pattern that matches a directory takes everything under it (implicit
 * descendants); symbolic links are followed. One extension: `{a,b}` braces are expanded
 * (`@actions/glob` sets `nobrace`, and attest would split `{whl,tar.gz}` at its comma; here a
 * comma inside braces does not split), so every list attest accepts means the same here, and
 * `dist/*.{whl,tar.gz}` matches what it says. Patterns stay inside the workspace. Bounded: at
 * most MAX_SCANNED entries are looked at.
 */
import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'

export const MAX_SCANNED = 50_000

/**
 * A glob as a RegExp for paths relative to a root (used for `.gitattributes` patterns): `*`
 * and `?` within a segment, `**` across segments, `[abc]` classes.
 */
export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/'
        re += slash ? '(?:.*/)?' : '.*'
        i += slash ? 2 : 1
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const j = glob.indexOf(']', i + 1)
      if (j < 0) re += '\\['
      else {
        re += `[${glob.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`
        i = j
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** The items of a `subject-path` input: lines, then commas outside quotes and braces; trimmed, unquoted, empty ones dropped. */
export function parseSubjectPaths(lines: string[]): string[] {
  const out: string[] = []
  for (const line of lines) {
    let cur = ''
    let quoted = false
    let depth = 0
    for (const c of line) {
      if (c === '"') quoted = !quoted
      else if (!quoted && c === '{') depth++
      else if (!quoted && c === '}' && depth > 0) depth--
      if (c === ',' && !quoted && depth === 0) {
        out.push(cur)
        cur = ''
      } else cur += c
    }
    out.push(cur)
  }
  return out.map((x) => x.trim().replace(/^"(.*)"$/, '$1').trim()).filter((x) => x !== '')
}

/** Brace expansion of one pattern: `a.{b,c}` -> `a.b`, `a.c` (nested; a brace without a comma stays literal). */
export function expandBraces(p: string, limit = 1000): string[] {
  let depth = 0
  let open = -1
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === '{') {
      if (depth++ === 0) open = i
    } else if (c === '}' && depth > 0 && --depth === 0) {
      const body = p.slice(open + 1, i)
      const parts: string[] = []
      let d = 0
      let cur = ''
      for (let j = 0; j < body.length; j++) {
        const b = body[j]
        if (b === '\\') {
          cur += b + (body[j + 1] ?? '')
          j++
          continue
        }
        if (b === '{') d++
        if (b === '}') d--
        if (b === ',' && d === 0) {
          parts.push(cur)
          cur = ''
        } else cur += b
      }
      parts.push(cur)
      if (parts.length < 2) continue // `{x}` is literal, as in minimatch
      const out: string[] = []
      for (const part of parts) {
        for (const x of expandBraces(p.slice(0, open) + part + p.slice(i + 1), limit)) {
          out.push(x)
          if (out.length > limit) throw new Error(`subject-path '${p}' expands to more than ${limit} patterns`)
        }
      }
      return [...new Set(out)]
    }
  }
  return [p]
}

/** One path segment of a glob as a RegExp source (minimatch, `dot: true`, `noext`). */
function segmentRe(seg: string): string {
  let re = ''
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]
    if (c === '\\' && i + 1 < seg.length) {
      re += seg[++i].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
    } else if (c === '*') {
      while (seg[i + 1] === '*') i++
      re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const j = seg.indexOf(']', i + 2)
      if (j < 0) re += '\\['
      else {
        let body = seg.slice(i + 1, j)
        if (body.startsWith('!')) body = `^${body.slice(1)}`
        re += `[${body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`
        i = j
      }
    } else re += c.replace(/[.+^${}()|\\/-]/g, '\\$&')
  }
  return re
}

/** A glob (already brace-expanded, relative, `/`-separated) as a RegExp over relative paths. */
export function patternRe(glob: string): RegExp {
  const segs = glob.split('/').filter((s, i, a) => s !== '' || i === a.length - 1)
  let re = ''
  segs.forEach((s, i) => {
    const last = i === segs.length - 1
    if (s === '**') re += last ? '.*' : '(?:[^/]+/)*'
    else re += segmentRe(s) + (last ? '' : '/')
  })
  return new RegExp(`^${re}$`)
}

interface Compiled {
  negate: boolean
  /** matches the path itself */
  self: RegExp
  /** implicit descendants: matches anything under what `self` matches */
  under: RegExp
  /** a trailing `/`: the pattern itself only matches directories */
  dirOnly: boolean
}

function compile(raw: string): Compiled[] {
  let p = raw.trim()
  let negate = false
  while (p.startsWith('!')) {
    negate = !negate
    p = p.slice(1).trim()
  }
  p = p.replace(/^(\.\/)+/, '')
  if (p === '' || p === '.') p = '**'
  if (p.startsWith('/') || p.startsWith('~') || p.split('/').includes('..')) throw new Error(`subject-path '${raw.trim()}' leaves the workspace; write it relative to the workspace`)
  const dirOnly = p.endsWith('/')
  return expandBraces(p.replace(/\/+$/, '')).map((x) => {
    const self = patternRe(x)
    return { negate, self, under: new RegExp(`${self.source.slice(0, -1)}/.+$`), dirOnly }
  })
}

/**
 * Files under `root` that the patterns select, `/`-separated and sorted, read as
 * actions/attest does (see the module comment). `#` lines are comments.
 */
export async function expandGlobs(root: string, patterns: string[]): Promise<{ files: string[]; truncated: boolean }> {
  const items = parseSubjectPaths(patterns).filter((p) => !p.startsWith('#'))
  const compiled = items.flatMap(compile)
  const selected = (rel: string, isDir: boolean): boolean => {
    let inc = false
    for (const c of compiled) {
      const hit = ((!c.dirOnly || isDir) && c.self.test(rel)) || c.under.test(rel)
      if (hit) inc = !c.negate
    }
    return inc
  }
  const out: string[] = []
  let scanned = 0
  let truncated = false
  const seen = new Set<string>()
  const walk = async (abs: string, rel: string): Promise<void> => {
    let real: string
    try {
      real = await realpath(abs)
    } catch {
      return
    }
    if (seen.has(real)) return // a symbolic link back up the tree
    seen.add(real)
    let entries
    try {
      entries = await readdir(abs, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++scanned > MAX_SCANNED) {
        truncated = true
        return
      }
      const childAbs = join(abs, e.name)
      const childRel = rel ? `${rel}/${e.name}` : e.name
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        // followed, as @actions/glob does; a broken link is left out
        const st = await stat(childAbs).catch(() => undefined)
        isDir = !!st?.isDirectory()
        isFile = !!st?.isFile()
      }
      if (isDir) {
        if (e.name === '.git') continue
        await walk(childAbs, childRel)
      } else if (isFile && selected(childRel, false)) out.push(childRel)
    }
    seen.delete(real)
  }
  await walk(root, '')
  return { files: out.sort(), truncated }
}
