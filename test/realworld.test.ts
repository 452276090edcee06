/**
 * The real-world suite: public repositories' workflows, byte for byte, audited offline by the
 * built CLI and compared with the reviewed snapshot of each repository
 * (test/realworld/snapshots/). A change to a verdict or a finding fails here until the snapshot
 * is rewritten on purpose (`node scripts/realworld.mjs snapshot`) and the diff reviewed.
 *
 * The workflow files are public repositories' content and are not committed: they are read
 * from $RELEASE_GATE_REALWORLD, test/realworld/files/ (`scripts/realworld.mjs restore`) or
 * ../shared/corpus/realworld/. Where they are absent the comparison is skipped, and says so;
 * the reviews below are checked either way.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
// @ts-expect-error -- a plain ESM script, shared with the command line
import { auditRepo, checkData, readManifest } from '../scripts/realworld.mjs'

interface Entry {
  repo: string
  commit: string
  files: Array<{ path: string; sha256: string }>
  /** Per workflow path: why its blocking findings are right, in one sentence. */
  review: Record<string, string>
}
interface Snapshot {
  verdict: string
  files: Array<{ file: string; scope: string }>
  findings: Array<{ file: string; line: number; column: number; rule: string; severity: string; blocking: boolean; message: string }>
}

const SUITE = join(process.cwd(), 'test', 'realworld')
const manifest = readManifest() as { repositories: Entry[] }
const snap = (repo: string): Snapshot => JSON.parse(readFileSync(join(SUITE, 'snapshots', `${repo.replace('/', '__')}.json`), 'utf8'))

describe('the real-world manifest', () => {
  it('holds at least 300 workflow files from at least 60 repositories, each pinned to a commit and a digest', () => {
    expect(manifest.repositories.length).toBeGreaterThanOrEqual(60)
    const workflows = manifest.repositories.flatMap((r) => r.files.filter((f) => f.path.startsWith('.github/workflows/')))
    expect(workflows.length).toBeGreaterThanOrEqual(300)
    for (const r of manifest.repositories) {
      expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
      for (const f of r.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(existsSync(join(SUITE, 'snapshots', `${r.repo.replace('/', '__')}.json`))).toBe(true)
    }
  })

  it('justifies, in one sentence, every publishing workflow that the snapshot blocks', () => {
    const unjustified: string[] = []
    for (const r of manifest.repositories) {
      const s = snap(r.repo)
      for (const f of s.files) {
        if (!/^publishing job/.test(f.scope)) continue
        if (!s.findings.some((x) => x.file === f.file && x.blocking)) continue
        const why = r.review[f.file]
        if (!why || /\.\s+\S/.test(why.trim().replace(/\b(?:e\.g|i\.e|vs)\./g, ''))) unjustified.push(`${r.repo} ${f.file}`)
      }
    }
    expect(unjustified).toEqual([])
  })
})

const present = manifest.repositories.filter((r) => !checkData(r))
const absent = manifest.repositories.length - present.length

describe('the real-world verdicts', () => {
  if (present.length === 0) {
    it.skip(`compares each repository with its snapshot (the files of ${absent} repositories are not on this machine: see test/realworld/README.md)`, () => {})
    return
  }
  it.each(present.map((r) => [r.repo, r] as const))('%s matches its snapshot', (_repo, r) => {
    expect(auditRepo(r)).toEqual(snap(r.repo))
  })
})
