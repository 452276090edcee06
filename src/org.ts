/**
 * Sweeping an organisation: its repositories listed through the API (page by page), and a
 * stable split of any list of repositories into N shards, so N matrix jobs of a workflow each
 * audit their share and `release-gate merge` puts the reports back together.
 */
import { createHash } from 'node:crypto'
import { ApiError } from './resolve/api-error.js'
import type { GitHubApi } from './resolve/github.js'

export interface Shard {
  /** 1-based. */
  index: number
  total: number
}

/**
 * The shard (1-based) a repository falls in: from a hash of its lower-cased `owner/name`, so it
 * depends on nothing else — not on the order of the list, nor on which other repositories exist.
 * Every repository is in exactly one shard, and stays there from run to run.
 */
export function shardOf(repo: string, total: number): number {
  const name = repo.split('@')[0].toLowerCase()
  const h = createHash('sha256').update(name).digest()
  return (h.readUInt32BE(0) % total) + 1
}

export function inShard(repo: string, s: Shard | undefined): boolean {
  return !s || shardOf(repo, s.total) === s.index
}

interface ApiRepo {
  full_name?: string
  fork?: boolean
  archived?: boolean
  disabled?: boolean
  default_branch?: string
}

export interface OrgListing {
  /** `owner/name@default-branch`, sorted by name. */
  repos: string[]
  /** Left out by the filters, by reason. */
  leftOut: { forks: number; archived: number }
  /** False when pages were left unread (the listing is capped at `maxPages` of 100). */
  complete: boolean
}

/** Up to 100 pages of 100: 10,000 repositories. */
export const MAX_ORG_PAGES = 100

/**
 * The repositories of an organisation (`/orgs/{org}/repos`), or of a user when no organisation
 * has that name (`/users/{name}/repos`). Forks and archived repositories are left out unless
 * asked for; disabled ones always are (nothing runs there).
 */
export async function listOrgRepos(api: GitHubApi, org: string, o: { includeForks: boolean; includeArchived: boolean }): Promise<OrgListing> {
  const q = `per_page=100&sort=full_name`
  const page =
    (await api.getPaged<ApiRepo>(`/orgs/${encodeURIComponent(org)}/repos?type=all&${q}`, { maxPages: MAX_ORG_PAGES })) ??
    (await api.getPaged<ApiRepo>(`/users/${encodeURIComponent(org)}/repos?type=owner&${q}`, { maxPages: MAX_ORG_PAGES }))
  if (!page) throw new ApiError(`no organisation or user '${org}' (or the token cannot see it)`, 404, `/orgs/${org}/repos`, false)
  const leftOut = { forks: 0, archived: 0 }
  const repos: string[] = []
  for (const r of page.items) {
    if (!r.full_name || r.disabled) continue
    if (r.fork && !o.includeForks) {
      leftOut.forks++
      continue
    }
    if (r.archived && !o.includeArchived) {
      leftOut.archived++
      continue
    }
    repos.push(r.default_branch ? `${r.full_name}@${r.default_branch}` : r.full_name)
  }
  repos.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
  return { repos, leftOut, complete: page.complete }
}
