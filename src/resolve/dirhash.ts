/**
 * Go's dirhash "h1" (golang.org/x/mod/sumdb/dirhash.Hash1): for every file, relative `/` paths
 * sorted by their UTF-8 bytes (Go's sort.Strings), a line `<hex sha256>  <path>\n`; the SHA-256
 * of those lines, base64, prefixed `h1:`. ghasum records it in gha.sum **without** the prefix
 * (chains-project/ghasum internal/ghasum/atoms.go: `strings.Replace(checksum, "h1:", "", 1)`),
 * so the functions here return the bare base64 that gha.sum holds. Also git's blob SHA-1, to
 * compare files with a commit's tree.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { sep } from 'node:path'
import { join } from 'node:path'

/** Go's string order: by UTF-8 bytes (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function byUtf8(a: { path: string }, b: { path: string }): number {
  return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'))
}

/** ghasum's checksum of a set of files: dirhash Hash1 without `h1:` (bare base64). */
export function ghasumSum(files: Array<{ path: string; data: Buffer }>): string {
  return ghasumSumFromDigests(files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.data).digest('hex') })))
}

/** Go's dirhash.Hash1 string, `h1:` included (what go.sum holds). */
export function h1(files: Array<{ path: string; data: Buffer }>): string {
  return `h1:${ghasumSum(files)}`
}

export function gitBlobSha(data: Buffer): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex')
}

export interface DiskFile {
  path: string
  mode: '100644' | '100755' | '120000'
  /** git blob SHA-1 (for a symlink: of its target string, as git stores it), when asked */
  gitSha?: string
  /** SHA-256 of the content dirhash reads (a symlink is followed), when asked; undefined for a dangling link */
  sha256?: string
}

/**
 * Every file under `dir` (no directories), with `/` paths relative to it and the digests asked
 * for: git blob SHA-1 (comparing with a commit's tree) and/or SHA-256 (dirhash h1). Files are
 * read one at a time and not kept. Bounded.
 */
export async function readTree(dir: string, want: { git?: boolean; sha256?: boolean } = { git: true, sha256: true }, limits = { files: 100_000, bytes: 4 * 1024 * 1024 * 1024 }): Promise<DiskFile[]> {
  const out: DiskFile[] = []
  let bytes = 0
  const stack: Array<{ abs: string; rel: string }> = [{ abs: dir, rel: '' }]
  // a symlink is followed only to a file inside `dir`: never to the runner's other files
  // (`/proc/self/environ`, another action's directory, a FIFO that never ends)
  const root = realpathSync(dir)
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep)
  while (stack.length) {
    const { abs, rel } = stack.pop()!
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name
      const full = join(abs, e.name)
      if (e.isDirectory()) {
        stack.push({ abs: full, rel: path })
        continue
      }
      if (!e.isFile() && !e.isSymbolicLink()) continue
      if (out.length >= limits.files) throw new Error(`more than ${limits.files} files under ${dir}`)
      if (e.isSymbolicLink()) {
        const target = Buffer.from(readlinkSync(full))
        let sha256: string | undefined
        if (want.sha256) {
          try {
            const real = realpathSync(full)
            if (inside(real) && statSync(real).isFile()) sha256 = createHash('sha256').update(readFileSync(real)).digest('hex')
          } catch {
            sha256 = undefined
          }
        }
        out.push({ path, mode: '120000', ...(want.git ? { gitSha: gitBlobSha(target) } : {}), ...(sha256 ? { sha256 } : {}) })
        continue
      }
      const data = readFileSync(full)
      bytes += data.length
      if (bytes > limits.bytes) throw new Error(`more than ${limits.bytes} bytes under ${dir}`)
      const mode = want.git && statSync(full).mode & 0o111 ? '100755' : '100644'
      out.push({ path, mode, ...(want.git ? { gitSha: gitBlobSha(data) } : {}), ...(want.sha256 ? { sha256: createHash('sha256').update(data).digest('hex') } : {}) })
    }
  }
  return out.sort(byUtf8)
}

/** ghasum's checksum from files already hashed (path and SHA-256 hex). */
export function ghasumSumFromDigests(files: Array<{ path: string; sha256: string }>): string {
  const sorted = [...files].sort(byUtf8)
  const h = createHash('sha256')
  for (const f of sorted) {
    if (f.path.includes('\n')) throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`)
    h.update(`${f.sha256}  ${f.path}\n`)
  }
  return h.digest('base64')
}

/** ghasum's checksum of a directory on disk (bare base64), as `ghasum verify -cache` computes it over the runner's download. */
export async function hashDir(dir: string): Promise<string> {
  const files = await readTree(dir, { sha256: true })
  const dangling = files.find((f) => f.sha256 === undefined)
  if (dangling) throw new Error(`${dangling.path} is a symbolic link to nothing readable`)
  return ghasumSumFromDigests(files as Array<{ path: string; sha256: string }>)
}
