/**
 * Content at a commit SHA never changes, so file contents fetched by SHA can be kept across
 * runs: under RUNNER_TOOL_CACHE on GitHub-hosted runners, or a `--cache-dir` for the CLI.
 * Entries are keyed by a hash of repository, SHA and path, and store the git blob SHA of the
 * content, which is checked on read: a corrupted entry is a miss, not a wrong answer.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises'
import { join } from 'node:path'

export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')
}

interface Entry {
  blob: string
  /** base64; absent for "no such file" */
  content?: string
}

export class ShaCache {
  hits = 0
  constructor(private readonly dir: string) {}

  private file(repo: string, sha: string, path: string): string {
    const h = createHash('sha256').update(`${repo.toLowerCase()}\0${sha}\0${path}`).digest('hex')
    return join(this.dir, h.slice(0, 2), `${h}.json`)
  }

  /** undefined: not cached; null: cached as absent; string: the content. */
  async get(repo: string, sha: string, path: string): Promise<string | null | undefined> {
    try {
      const e = JSON.parse(await readFile(this.file(repo, sha, path), 'utf8')) as Entry
      if (e.content === undefined) {
        if (e.blob !== 'absent') return undefined
        this.hits++
        return null
      }
      const buf = Buffer.from(e.content, 'base64')
      if (blobSha(buf) !== e.blob) return undefined
      this.hits++
      return buf.toString('utf8')
    } catch {
      return undefined
    }
  }

  async set(repo: string, sha: string, path: string, content: string | null): Promise<void> {
    const f = this.file(repo, sha, path)
    const buf = content === null ? undefined : Buffer.from(content, 'utf8')
    const e: Entry = buf ? { blob: blobSha(buf), content: buf.toString('base64') } : { blob: 'absent' }
    try {
      await mkdir(join(f, '..'), { recursive: true })
      const tmp = `${f}.${process.pid}.tmp`
      await writeFile(tmp, JSON.stringify(e))
      await rename(tmp, f)
    } catch {
      // a cache that cannot be written is only slower
    }
  }
}
