/**
 * A loopback fake of GitHub's REST API, answering with the response shapes GitHub documents
 * (docs.github.com/rest: "Get repository content", error bodies with message and
 * documentation_url, rate-limit headers). Tests register files per repository and ref, and
 * can override any route to fail in a chosen way.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>

function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')
}

/** Base64 as GitHub sends it: wrapped at 60 characters with `\n`. */
function wrappedBase64(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n'
}

/** A repository as the fake knows it: linear histories per branch, tags, fork-only commits. */
export interface FakeRepo {
  id: number
  ownerId: number
  defaultBranch: string
  /** branch -> commits, oldest first; the last is the tip. */
  branches: Record<string, string[]>
  /** tag -> commit */
  tags: Record<string, string>
  /** Commits served by the commits endpoint but on no branch (a fork's, in the network). */
  forkCommits: string[]
}

export interface FakeEnvironment {
  reviewers?: number
  preventSelfReview?: boolean
  waitTimer?: number
  canAdminsBypass?: boolean
  branchPolicy?: 'protected' | Array<{ name: string; type: 'branch' | 'tag' }> | null
}

export interface FakeAdvisory {
  ghsa_id: string
  summary: string
  severity: 'low' | 'medium' | 'high' | 'critical'
  package: string
  /** Versions (without v) the advisory affects. */
  affected: string[]
  range: string
  patched: string
}

/** A user or organization as the REST API embeds it (simple-user). */
function simpleUser(api: string, login: string, id: number, type = 'Organization') {
  const u = `${api}/users/${login}`
  return {
    login, id, node_id: `MDQ6VXNlcj${id}`, avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`, gravatar_id: '', url: u, html_url: `https://github.com/${login}`,
    followers_url: `${u}/followers`, following_url: `${u}/following{/other_user}`, gists_url: `${u}/gists{/gist_id}`, starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`, organizations_url: `${u}/orgs`, repos_url: `${u}/repos`, events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`, type, site_admin: false,
  }
}

/** A repository as `GET /repos/{owner}/{repo}` answers (full-repository). */
function fullRepository(api: string, name: string, r: { id: number; ownerId: number; defaultBranch: string }) {
  const [owner, repo] = name.split('/')
  const u = `${api}/repos/${name}`
  const when = '2025-01-01T00:00:00Z'
  return {
    id: r.id, node_id: `R_kgDO${r.id}`, name: repo, full_name: name, private: false, owner: simpleUser(api, owner, r.ownerId), html_url: `https://github.com/${name}`,
    description: null, fork: false, url: u, archive_url: `${u}/{archive_format}{/ref}`, assignees_url: `${u}/assignees{/user}`, blobs_url: `${u}/git/blobs{/sha}`,
    branches_url: `${u}/branches{/branch}`, collaborators_url: `${u}/collaborators{/collaborator}`, comments_url: `${u}/comments{/number}`, commits_url: `${u}/commits{/sha}`,
    compare_url: `${u}/compare/{base}...{head}`, contents_url: `${u}/contents/{+path}`, contributors_url: `${u}/contributors`, deployments_url: `${u}/deployments`,
    downloads_url: `${u}/downloads`, events_url: `${u}/events`, forks_url: `${u}/forks`, git_commits_url: `${u}/git/commits{/sha}`, git_refs_url: `${u}/git/refs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`, git_url: `git://github.com/${name}.git`, issue_comment_url: `${u}/issues/comments{/number}`, issue_events_url: `${u}/issues/events{/number}`,
    issues_url: `${u}/issues{/number}`, keys_url: `${u}/keys{/key_id}`, labels_url: `${u}/labels{/name}`, languages_url: `${u}/languages`, merges_url: `${u}/merges`,
    milestones_url: `${u}/milestones{/number}`, notifications_url: `${u}/notifications{?since,all,participating}`, pulls_url: `${u}/pulls{/number}`,
    releases_url: `${u}/releases{/id}`, ssh_url: `git@github.com:${name}.git`, stargazers_url: `${u}/stargazers`, statuses_url: `${u}/statuses/{sha}`,
    subscribers_url: `${u}/subscribers`, subscription_url: `${u}/subscription`, tags_url: `${u}/tags`, teams_url: `${u}/teams`, trees_url: `${u}/git/trees{/sha}`,
    clone_url: `https://github.com/${name}.git`, mirror_url: null, hooks_url: `${u}/hooks`, svn_url: `https://github.com/${name}`, homepage: null, language: 'TypeScript',
    forks_count: 0, forks: 0, stargazers_count: 0, watchers_count: 0, watchers: 0, size: 100, default_branch: r.defaultBranch, open_issues_count: 0, open_issues: 0,
    is_template: false, topics: [], has_issues: true, has_projects: false, has_wiki: false, has_pages: false, has_downloads: true, has_discussions: false,
    archived: false, disabled: false, visibility: 'public', pushed_at: when, created_at: when, updated_at: when, license: null,
    allow_forking: true, web_commit_signoff_required: false, network_count: 0, subscribers_count: 0,
  }
}

/** A commit as `GET /repos/{owner}/{repo}/commits/{ref}` and compare answer it. */
function commitJson(api: string, name: string, sha: string) {
  const who = { name: 'Release Bot', email: 'bot@example.test', date: '2025-01-01T00:00:00Z' }
  const tree = sha.split('').reverse().join('')
  return {
    sha, node_id: `C_kwDO${sha.slice(0, 8)}`, url: `${api}/repos/${name}/commits/${sha}`, html_url: `https://github.com/${name}/commit/${sha}`, comments_url: `${api}/repos/${name}/commits/${sha}/comments`,
    commit: { url: `${api}/repos/${name}/git/commits/${sha}`, author: who, committer: who, message: 'release', comment_count: 0, tree: { sha: tree, url: `${api}/repos/${name}/git/trees/${tree}` } },
    author: null, committer: null, parents: [],
  }
}

export class FakeGitHub {
  private server?: http.Server
  readonly repos = new Map<string, FakeRepo>()
  readonly environments = new Map<string, FakeEnvironment>()
  readonly advisories: FakeAdvisory[] = []
  /** Added to every response, to measure concurrency (ms). */
  latencyMs = 0
  /** `owner/repo@ref:path` -> content */
  private files = new Map<string, Buffer>()
  private handlers: Handler[] = []
  readonly requests: Recorded[] = []
  url = ''
  /** Token the fake accepts; other tokens get 401 like GitHub's "Bad credentials". */
  token = 'ghs_fake_token_0123456789'

  addFile(repo: string, ref: string, path: string, content: string | Buffer): this {
    this.files.set(`${repo.toLowerCase()}@${ref}:${path}`, Buffer.isBuffer(content) ? content : Buffer.from(content))
    return this
  }

  addRepo(name: string, r: Partial<FakeRepo> & { branches: Record<string, string[]> }): this {
    this.repos.set(name.toLowerCase(), { id: 1000 + this.repos.size, ownerId: 500 + this.repos.size, defaultBranch: 'main', tags: {}, forkCommits: [], ...r })
    return this
  }

  /** Handlers run first, in order; return true when they answered. */
  use(h: Handler): this {
    this.handlers.push(h)
    return this
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((r) => this.server!.close(() => r()))
  }

  json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...headers,
    })
    res.end(text)
  }

  /**
   * One page of a list as GitHub serves it: `per_page` (default 30, at most 100) and `page`
   * (from 1), a `Link` header with `next`/`last` (and `prev`/`first`) when there are more.
   * `key` wraps the page in an object (`{ total_count, [key]: [...] }`).
   */
  paged(res: http.ServerResponse, url: URL, list: unknown[], key?: string): void {
    const per = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? '30') || 30))
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1)
    const last = Math.max(1, Math.ceil(list.length / per))
    const at = (n: number) => {
      const u = new URL(`${url.pathname}${url.search}`, url.origin)
      u.searchParams.set('per_page', String(per))
      u.searchParams.set('page', String(n))
      return u.toString()
    }
    const links: string[] = []
    if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`)
    if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`)
    const items = list.slice((page - 1) * per, page * per)
    this.json(res, 200, key ? { total_count: list.length, [key]: items } : items, links.length ? { link: links.join(', ') } : {})
  }

  notFound(res: http.ServerResponse, doc = 'https://docs.github.com/rest/repos/contents#get-repository-content'): void {
    this.json(res, 404, { message: 'Not Found', documentation_url: doc, status: '404' })
  }

  /** Every request with the answer it got (status, content type, body up to 1 MiB), for the contract tests. */
  readonly exchanges: Array<{ method: string; path: string; status: number; contentType: string; body: Buffer }> = []

  private record(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const chunks: Buffer[] = []
    let size = 0
    const keep = (c: unknown) => {
      if (c === undefined || c === null || typeof c === 'function') return
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string)
      if (size < 1024 * 1024) chunks.push(b)
      size += b.length
    }
    let contentType = ''
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => http.ServerResponse
    res.writeHead = ((...a: unknown[]) => {
      const h = a.find((x, i) => i > 0 && x && typeof x === 'object') as Record<string, unknown> | undefined
      for (const [k, v] of Object.entries(h ?? {})) if (k.toLowerCase() === 'content-type') contentType = String(v)
      return writeHead(...a)
    }) as typeof res.writeHead
    const write = res.write.bind(res) as (...a: unknown[]) => boolean
    const end = res.end.bind(res) as (...a: unknown[]) => http.ServerResponse
    res.write = ((c: unknown, ...a: unknown[]) => (keep(c), write(c, ...a))) as typeof res.write
    res.end = ((c?: unknown, ...a: unknown[]) => {
      keep(c)
      this.exchanges.push({ method: req.method ?? 'GET', path, status: res.statusCode, contentType: contentType || String(res.getHeader('content-type') ?? ''), body: Buffer.concat(chunks) })
      return end(c, ...a)
    }) as typeof res.end
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // the host the client asked for (behind a proxy, the API's name rather than the loopback address)
    const url = new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : this.url)
    this.requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: req.headers })
    this.record(req, res, `${url.pathname}${url.search}`)
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs))
    for (const h of this.handlers) if (await h(req, res, url)) return
    const auth = req.headers.authorization
    if (auth !== undefined && auth !== `Bearer ${this.token}`) {
      this.json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
      return
    }
    const dir = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname)
    if (req.method === 'GET' && dir) {
      const repo = `${decodeURIComponent(dir[1])}/${decodeURIComponent(dir[2])}`.toLowerCase()
      const path = dir[3].split('/').map(decodeURIComponent).join('/')
      const ref = url.searchParams.get('ref') ?? 'main'
      const prefix = `${repo}@${ref}:${path}/`
      const kids = [...this.files.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
      if (kids.length && !this.files.has(`${repo}@${ref}:${path}`)) {
        this.json(
          res,
          200,
          kids.map((k) => {
            const p = `${path}/${k.slice(prefix.length)}`
            const sha = blobSha(this.files.get(k)!)
            const self = `${this.url}/repos/${repo}/contents/${p}?ref=${ref}`
            const html = `https://github.com/${repo}/blob/${ref}/${p}`
            const git = `${this.url}/repos/${repo}/git/blobs/${sha}`
            return { type: 'file', name: k.slice(prefix.length), path: p, sha, size: this.files.get(k)!.length, url: self, html_url: html, git_url: git, download_url: `https://raw.githubusercontent.com/${repo}/${ref}/${p}`, _links: { self, git, html } }
          }),
        )
        return
      }
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname)
    if (req.method === 'GET' && m) {
      const repo = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`
      const path = m[3].split('/').map(decodeURIComponent).join('/')
      const ref = url.searchParams.get('ref') ?? 'main'
      const content = this.files.get(`${repo.toLowerCase()}@${ref}:${path}`)
      if (!content) return this.notFound(res)
      if ((req.headers.accept ?? '').includes('application/vnd.github.raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw+json; charset=utf-8', 'content-length': String(content.length) })
        res.end(content)
        return
      }
      const sha = blobSha(content)
      const name = path.split('/').pop()!
      const api = `${this.url}/repos/${repo}/contents/${path}?ref=${ref}`
      this.json(res, 200, {
        name,
        path,
        sha,
        size: content.length,
        url: api,
        html_url: `https://github.com/${repo}/blob/${ref}/${path}`,
        git_url: `${this.url}/repos/${repo}/git/blobs/${sha}`,
        download_url: `https://raw.githubusercontent.com/${repo}/${ref}/${path}`,
        type: 'file',
        content: wrappedBase64(content),
        encoding: 'base64',
        _links: { self: api, git: `${this.url}/repos/${repo}/git/blobs/${sha}`, html: `https://github.com/${repo}/blob/${ref}/${path}` },
      })
      return
    }
    if (req.method === 'GET' && (await this.repoRoutes(req, res, url))) return
    this.notFound(res, 'https://docs.github.com/rest')
  }

  private commitsOf(r: FakeRepo): Set<string> {
    return new Set([...Object.values(r.branches).flat(), ...Object.values(r.tags), ...r.forkCommits])
  }

  private resolveRef(r: FakeRepo, ref: string): string | undefined {
    const x = ref.replace(/^(refs\/)?(heads|tags)\//, '')
    if (r.branches[x]) return r.branches[x][r.branches[x].length - 1]
    if (r.tags[x]) return r.tags[x]
    if (/^[0-9a-f]{40}$/i.test(ref) && this.commitsOf(r).has(ref.toLowerCase())) return ref.toLowerCase()
    // GitHub's commits endpoint also takes an abbreviated SHA that names one commit
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      const hits = [...this.commitsOf(r)].filter((c) => c.startsWith(ref.toLowerCase()))
      if (hits.length === 1) return hits[0]
    }
    return undefined
  }

  private async repoRoutes(_req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname
    if (p === '/advisories') {
      const affects = url.searchParams.get('affects') ?? ''
      const [pkg, ver] = [affects.slice(0, affects.lastIndexOf('@')), affects.slice(affects.lastIndexOf('@') + 1)]
      const hits = this.advisories.filter((a) => a.package.toLowerCase() === pkg.toLowerCase() && a.affected.includes(ver.replace(/^v/, '')) && url.searchParams.get('ecosystem') === 'actions')
      this.json(
        res,
        200,
        hits.map((a) => ({
          ghsa_id: a.ghsa_id,
          cve_id: null,
          url: `${this.url}/advisories/${a.ghsa_id}`,
          html_url: `https://github.com/advisories/${a.ghsa_id}`,
          summary: a.summary,
          type: 'reviewed',
          severity: a.severity,
          vulnerabilities: [{ package: { ecosystem: 'actions', name: a.package }, vulnerable_version_range: a.range, first_patched_version: a.patched, vulnerable_functions: [] }],
        })),
      )
      return true
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p)
    if (!m) return false
    const name = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`
    const rest = m[3] ?? ''
    const envm = /^\/environments\/([^/]+)(\/deployment-branch-policies)?$/.exec(rest)
    if (envm) {
      const e = this.environments.get(`${name.toLowerCase()}:${decodeURIComponent(envm[1])}`)
      if (!e) return this.notFound(res, 'https://docs.github.com/rest/deployments/environments#get-an-environment'), true
      if (envm[2]) {
        const list = Array.isArray(e.branchPolicy) ? e.branchPolicy : []
        this.paged(res, url, list.map((b, i) => ({ id: i + 1, node_id: `MDE2OkdhdGVCcmFuY2hQb2xpY3k${i}`, name: b.name, type: b.type })), 'branch_policies')
        return true
      }
      const rules: unknown[] = []
      if (e.waitTimer) rules.push({ id: 1, node_id: 'MDQ6R2F0ZTM3MzY=', type: 'wait_timer', wait_timer: e.waitTimer })
      if (e.reviewers) rules.push({ id: 2, node_id: 'MDQ6R2F0ZTM3NTU=', type: 'required_reviewers', prevent_self_review: e.preventSelfReview ?? false, reviewers: Array.from({ length: e.reviewers }, (_, i) => ({ type: 'User', reviewer: { login: `maintainer${i}`, id: 10 + i } })) })
      if (e.branchPolicy) rules.push({ id: 3, node_id: 'MDQ6R2F0ZTM3NTY=', type: 'branch_policy' })
      this.json(res, 200, {
        id: 161088068,
        node_id: 'MDExOkVudmlyb25tZW50MTYxMDg4MDY4',
        name: decodeURIComponent(envm[1]),
        url: `${this.url}/repos/${name}/environments/${envm[1]}`,
        html_url: `https://github.com/${name}/deployments/activity_log?environments_filter=${envm[1]}`,
        created_at: '2025-01-01T00:00:00Z',
        updated_at: '2025-01-01T00:00:00Z',
        can_admins_bypass: e.canAdminsBypass ?? true,
        protection_rules: rules,
        deployment_branch_policy: e.branchPolicy === 'protected' ? { protected_branches: true, custom_branch_policies: false } : Array.isArray(e.branchPolicy) ? { protected_branches: false, custom_branch_policies: true } : null,
      })
      return true
    }
    const r = this.repos.get(name.toLowerCase())
    if (!r) return false
    const tipList = (entries: Array<[string, string]>) =>
      entries.map(([n, sha]) => ({ name: n, commit: { sha, url: `${this.url}/repos/${name}/commits/${sha}` }, ...(n in r.branches ? { protected: n === r.defaultBranch } : { zipball_url: `${this.url}/repos/${name}/zipball/${n}`, tarball_url: `${this.url}/repos/${name}/tarball/${n}`, node_id: 'MDM6UmVm' }) }))
    if (rest === '') {
      this.json(res, 200, fullRepository(this.url, name, r))
      return true
    }
    if (rest === '/tags') return this.paged(res, url, tipList(Object.entries(r.tags).reverse())), true
    if (rest === '/branches') return this.paged(res, url, tipList(Object.entries(r.branches).map(([b, h]) => [b, h[h.length - 1]]))), true
    const cm = /^\/commits\/(.+)$/.exec(rest)
    if (cm) {
      const sha = this.resolveRef(r, decodeURIComponent(cm[1]))
      if (!sha) return this.json(res, 422, { message: `No commit found for SHA: ${decodeURIComponent(cm[1])}`, documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit', status: '422' }), true
      this.json(res, 200, { ...commitJson(this.url, name, sha), stats: { additions: 1, deletions: 0, total: 1 }, files: [] })
      return true
    }
    const cmp = /^\/compare\/(.+)\.\.\.(.+)$/.exec(rest)
    if (cmp) {
      const base = decodeURIComponent(cmp[1])
      const head = decodeURIComponent(cmp[2])
      const hist = r.branches[base] ?? (r.tags[base] ? Object.values(r.branches).find((h) => h.includes(r.tags[base]))?.slice(0, Object.values(r.branches).find((h) => h.includes(r.tags[base]))!.indexOf(r.tags[base]) + 1) : undefined)
      if (!hist || !this.commitsOf(r).has(head)) return this.notFound(res, 'https://docs.github.com/rest/commits/commits#compare-two-commits'), true
      const i = hist.indexOf(head)
      const status = i === hist.length - 1 ? 'identical' : i >= 0 ? 'behind' : 'diverged'
      const gh = `https://github.com/${name}/compare/${base}...${head}`
      this.json(res, 200, { url: `${this.url}/repos/${name}/compare/${base}...${head}`, html_url: gh, permalink_url: gh, diff_url: `${gh}.diff`, patch_url: `${gh}.patch`, status, ahead_by: status === 'diverged' ? 1 : 0, behind_by: i >= 0 ? hist.length - 1 - i : 1, total_commits: status === 'diverged' ? 1 : 0, base_commit: commitJson(this.url, name, hist[hist.length - 1]), merge_base_commit: commitJson(this.url, name, hist[0]), commits: status === 'diverged' ? [commitJson(this.url, name, head)] : [], files: [] })
      return true
    }
    return false
  }
}
