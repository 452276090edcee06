/**
 * Repositories with real file trees at commits, served by the fake GitHub API as the git
 * trees endpoint, the contents endpoint and tarballs do; and a runner `_actions` layout.
 */
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { FakeGitHub } from './fake-github.js'
import { makeTarball } from './tarball.js'
import { gitBlobSha } from '../../src/resolve/dirhash.js'

export type Files = Record<string, string>

export class CodeHost {
  /** `owner/repo@commit` -> files */
  readonly commits = new Map<string, Files>()
  /** list git trees as truncated, to exercise the fallback */
  truncate = false

  constructor(readonly gh: FakeGitHub) {
    gh.use((_req, res, url) => {
      const t = /^\/(?:repos|_codeload)\/([^/]+)\/([^/]+)\/(git\/trees|tarball|legacy\.tar\.gz)\/([^/]+)$/.exec(url.pathname)
      if (!t) return false
      const [, owner, repo, what, ref] = t
      if (what === 'tarball') {
        // GitHub answers 302 to codeload (another host, which gets no token); here a path of the fake
        if (!this.commits.has(`${owner}/${repo}@${ref}`.toLowerCase())) return gh.notFound(res), true
        res.writeHead(302, { location: `${gh.url}/_codeload/${owner}/${repo}/legacy.tar.gz/${ref}`, 'content-length': '0' })
        res.end()
        return true
      }
      if (what === 'legacy.tar.gz') {
        const files = this.commits.get(`${owner}/${repo}@${ref}`.toLowerCase())
        if (!files) return gh.notFound(res), true
        const tgz = makeTarball(`${owner}-${repo}-${ref.slice(0, 7)}`, ref, files)
        res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(tgz.length) })
        res.end(tgz)
        return true
      }
      // git/trees/{commit or tree sha}
      const byCommit = this.commits.get(`${owner}/${repo}@${ref}`.toLowerCase())
      if (byCommit) {
        const recursive = url.searchParams.get('recursive') === '1'
        if (recursive && !this.truncate) return gh.json(res, 200, { sha: ref, url: `${gh.url}/repos/${owner}/${repo}/git/trees/${ref}`, tree: this.entries(byCommit, ''), truncated: false }), true
        return gh.json(res, 200, { sha: ref, url: `${gh.url}/repos/${owner}/${repo}/git/trees/${ref}`, tree: this.level(owner, repo, ref, byCommit, ''), truncated: recursive }), true
      }
      const sub = /^tree-(.+)-(.+)-(.+)$/.exec(ref)
      if (sub) {
        const files = this.commits.get(`${owner}/${repo}@${sub[1]}`.toLowerCase())!
        const dir = Buffer.from(sub[3], 'hex').toString()
        return gh.json(res, 200, { sha: ref, url: `${gh.url}/repos/${owner}/${repo}/git/trees/${ref}`, tree: this.level(owner, repo, sub[1], files, dir), truncated: false }), true
      }
      return gh.notFound(res), true
    })
  }

  add(owner: string, repo: string, commit: string, files: Files): this {
    this.commits.set(`${owner}/${repo}@${commit}`.toLowerCase(), files)
    for (const [p, c] of Object.entries(files)) this.gh.addFile(`${owner}/${repo}`, commit, p, c)
    return this
  }

  private entries(files: Files, _dir: string) {
    const out: Array<{ path: string; mode: string; type: string; sha: string; size?: number }> = []
    const dirs = new Set<string>()
    for (const [p, c] of Object.entries(files)) {
      const segs = p.split('/')
      for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/'))
      out.push({ path: p, mode: '100644', type: 'blob', sha: gitBlobSha(Buffer.from(c)), size: c.length })
    }
    for (const d of dirs) out.push({ path: d, mode: '040000', type: 'tree', sha: 'x'.repeat(40) })
    return out.sort((a, b) => a.path.localeCompare(b.path))
  }

  private level(owner: string, repo: string, commit: string, files: Files, dir: string) {
    const out = new Map<string, { path: string; mode: string; type: string; sha: string }>()
    for (const [p, c] of Object.entries(files)) {
      if (dir && !p.startsWith(`${dir}/`)) continue
      const rest = dir ? p.slice(dir.length + 1) : p
      const [first, ...more] = rest.split('/')
      if (more.length) {
        const full = dir ? `${dir}/${first}` : first
        out.set(first, { path: first, mode: '040000', type: 'tree', sha: `tree-${commit}-${owner}-${Buffer.from(full).toString('hex')}` })
      } else out.set(first, { path: first, mode: '100644', type: 'blob', sha: gitBlobSha(Buffer.from(c)) })
    }
    return [...out.values()]
  }
}

/** Lay out what the runner downloads: `_actions/{owner}/{repo}/{ref}/…` and `{ref}.completed`. */
export function runnerLayout(root: string, actions: Array<{ owner: string; repo: string; ref: string; files: Files; links?: Record<string, string>; completed?: boolean }>): string {
  const base = join(root, '_actions')
  for (const a of actions) {
    const dir = join(base, a.owner, a.repo, a.ref)
    mkdirSync(dir, { recursive: true })
    for (const [p, c] of Object.entries(a.files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true })
      writeFileSync(join(dir, p), c)
    }
    for (const [p, target] of Object.entries(a.links ?? {})) symlinkSync(target, join(dir, p))
    if (a.completed !== false) writeFileSync(join(base, a.owner, a.repo, `${a.ref}.completed`), new Date().toISOString())
  }
  mkdirSync(join(root, 'demo'), { recursive: true })
  return join(root, 'demo') // RUNNER_WORKSPACE: _actions is its sibling
}
