/**
 * Glob patterns for `subject-path`, relative to the workspace: `*` and `?` within a path
 * segment, `**` across segments, `[abc]` classes. Bounded: at most MAX_SCANNED entries are
 * looked at, and a pattern cannot leave the root.
 */
import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export const MAX_SCANNED = 50_000

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

/** Files under `root` matching any pattern (relative paths, `/`-separated, sorted). */
export async function expandGlobs(root: string, patterns: string[]): Promise<{ files: string[]; truncated: boolean }> {
  const res = patterns.map((p) => p.trim().replace(/^\.\//, '')).filter(Boolean)
  for (const p of res) if (p.startsWith('/') || p.split('/').includes('..')) throw new Error(`subject-path '${p}' leaves the workspace; write it relative to the workspace`)
  const regs = res.map(globToRegExp)
  const out: string[] = []
  let scanned = 0
  let truncated = false
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (++scanned > MAX_SCANNED) {
        truncated = true
        return
      }
      const abs = join(dir, e.name)
      const rel = relative(root, abs).split(sep).join('/')
      if (e.isDirectory()) {
        if (e.name === '.git' || e.name === 'node_modules') continue
        await walk(abs)
      } else if (e.isFile() && regs.some((r) => r.test(rel))) out.push(rel)
    }
  }
  await walk(root)
  return { files: out.sort(), truncated }
}
