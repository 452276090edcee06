/**
 * Go's dirhash "h1" (golang.org/x/mod/sumdb/dirhash.Hash1), which ghasum records: for every
 * file, relative `/` paths sorted, a line `<hex sha256>  <path>\n`; the SHA-256 of those lines,
 * base64, prefixed `h1:`. Also git's blob SHA-1, to compare files with a commit's tree.
 */
import { createHash } from 'node:crypto'
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'

export function h1(files: Array<{ path: string; data: Buffer }>): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const h = createHash('sha256')
  for (const f of sorted) {
    if (f.path.includes('\n')) throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`)
    h.update(`${createHash('sha256').update(f.data).digest('hex')}  ${f.path}\n`)
  }
  return `h1:${h.digest('base64')}`
}

export function gitBlobSha(data: Buffer): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex')
}

export interface DiskFile {
  path: string
  /** contents (for a symlink: its target, as git stores it) */
  data: Buffer
  /** what the file follows to, for h1 (dirhash opens symlinks) */
  followed?: Buffer
  mode: '100644' | '100755' | '120000'
}

/** Every file under `dir` (no directories), with `/` paths relative to it. Bounded. */
export async function readTree(dir: string, limits = { files: 50_000, bytes: 1024 * 1024 * 1024 }): Promise<DiskFile[]> {
  const out: DiskFile[] = []
  let bytes = 0
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const e of (await readdir(abs, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name
      const full = join(abs, e.name)
      if (e.isDirectory()) {
        await walk(full, p)
        continue
      }
      if (out.length >= limits.files) throw new Error(`more than ${limits.files} files under ${dir}`)
      const l = await lstat(full)
      if (l.isSymbolicLink()) {
        const target = await readlink(full)
        let followed: Buffer | undefined
        try {
          if ((await stat(full)).isFile()) followed = await readFile(full)
        } catch {
          followed = undefined
        }
        out.push({ path: p, data: Buffer.from(target), mode: '120000', ...(followed ? { followed } : {}) })
        continue
      }
      if (!l.isFile()) continue
      bytes += l.size
      if (bytes > limits.bytes) throw new Error(`more than ${limits.bytes} bytes under ${dir}`)
      out.push({ path: p, data: await readFile(full), mode: l.mode & 0o111 ? '100755' : '100644' })
    }
  }
  await walk(dir, '')
  return out
}

/** h1 of a directory on disk, as ghasum computes it over the runner's download. */
export async function hashDir(dir: string): Promise<string> {
  const files = await readTree(dir)
  return h1(files.map((f) => ({ path: f.path, data: f.mode === '120000' ? (f.followed ?? Buffer.alloc(0)) : f.data })))
}
