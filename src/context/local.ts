/**
 * Reading the local files a workflow's scope uses before the audit runs: reusable workflows
 * (`uses: ./.github/workflows/x.yml`), composite actions (`uses: ./path`) and, for a
 * `workflow_run` trigger, the other workflows of the repository. Through the API at the
 * workflow's commit inside a job; from the checkout in the CLI.
 */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { CheckFailure } from '../audits/rule.js'
import type { GitHubApi } from '../resolve/github.js'
import type { Skipped } from '../engine.js'
import { parseWorkflow } from '../workflow/model.js'
import type { Workflow } from '../workflow/model.js'
import { MAX_COMPOSITE_DEPTH } from '../workflow/sites.js'
import type { LocalFiles } from '../workflow/sites.js'
import { InputError } from '../workflow/yaml.js'

/** Reads repository files by path (`.github/actions/x/action.yml`); undefined when absent. */
export interface RepoReader {
  read(path: string): Promise<string | undefined>
  /** Paths of the YAML files in `.github/workflows`. */
  listWorkflows(): Promise<string[]>
  /** How a path is shown in findings. */
  display(path: string): string
  /** Where the files come from, for messages: "the API at <sha>", "the checkout". */
  where: string
}

/** At most this many local files are read for one workflow. */
export const MAX_LOCAL_FILES = 50

export interface LocalResult {
  local: LocalFiles
  related: Workflow[]
  failures: CheckFailure[]
  skipped: Skipped[]
}

function err(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * Parsed files by the path they are shown as, with their text: in one run the CLI audits every
 * workflow of a repository, and each one that a `workflow_run` follows, or that calls the same
 * local action, would otherwise be parsed again for every workflow that reads it. Models are
 * read-only, so one serves every reader; the text is compared, so a changed file is parsed anew.
 */
const parsedOnce = new Map<string, { text: string; model: Workflow }>()
const PARSED_MAX = 2000

function parseOnce(text: string, file: string): Workflow {
  const hit = parsedOnce.get(file)
  if (hit && hit.text === text) return hit.model
  const model = parseWorkflow(text, file)
  if (parsedOnce.size >= PARSED_MAX) parsedOnce.clear()
  parsedOnce.set(file, { text, model })
  return model
}

export async function loadLocal(wf: Workflow, reader: RepoReader): Promise<LocalResult> {
  const local: LocalFiles = new Map()
  const failures: CheckFailure[] = []
  const skipped: Skipped[] = []
  const queue: Array<{ wf: Workflow; depth: number }> = [{ wf, depth: 0 }]
  const seen = new Set<string>()
  while (queue.length) {
    const { wf: cur, depth } = queue.shift()!
    const wants: Array<{ paths: string[]; key: string; what: string; from?: string[]; other?: string }> = []
    for (const job of cur.jobs) {
      const u = job.uses?.parsed
      if (u?.kind === 'local' && u.reusableWorkflow) wants.push({ paths: [u.path], key: u.path, what: job.uses!.value })
      for (const [i, s] of job.steps.entries()) {
        const su = s.uses?.parsed
        if (su?.kind === 'local' && !su.reusableWorkflow && su.path !== '') {
          const paths = [`${su.path}/action.yml`, `${su.path}/action.yaml`]
          // `uses: ./arrow/.github/actions/x` after a checkout into `arrow/`: the action is at
          // `.github/actions/x` of the repository that checkout fetched
          const co = checkoutUnder(job.steps.slice(0, i), su.path)
          if (co?.repository) wants.push({ paths, key: su.path, what: s.uses!.value, other: co.repository })
          else if (co) wants.push({ paths, key: su.path, what: s.uses!.value, from: paths.map((p) => p.slice(co.path.length).replace(/^\//, '')) })
          else wants.push({ paths, key: su.path, what: s.uses!.value })
        }
      }
    }
    for (const w of wants) {
      if (seen.has(w.key)) continue
      seen.add(w.key)
      if (depth >= MAX_COMPOSITE_DEPTH || local.size >= MAX_LOCAL_FILES) {
        skipped.push({ check: `read ${w.what}`, reason: `beyond the limit of ${MAX_COMPOSITE_DEPTH} nested levels or ${MAX_LOCAL_FILES} local files` })
        continue
      }
      if (w.other) {
        skipped.push({ check: `read ${w.what}`, reason: `it is an action of ${w.other}, checked out by an earlier step: audit that repository for what it runs` })
        continue
      }
      let found = false
      for (const [n, p] of w.paths.entries()) {
        let text: string | undefined
        try {
          text = await reader.read(w.from?.[n] ?? p)
        } catch (e) {
          failures.push({ check: `read ${w.what}`, reason: err(e), fix: 'Re-run the job; give it `contents: read`.', file: cur.file })
          found = true
          break
        }
        if (text === undefined) continue
        found = true
        try {
          const model = parseOnce(text, reader.display(p))
          local.set(p, model)
          queue.push({ wf: model, depth: depth + 1 })
        } catch (e) {
          if (!(e instanceof InputError)) throw e
          failures.push({ check: `parse ${w.what}`, reason: e.message, fix: 'Fix the YAML of that file.', file: reader.display(p), ...(e.line ? { line: e.line } : {}) })
        }
        break
      }
      if (!found) {
        failures.push({
          check: `read ${w.what}`,
          reason: `${w.paths.join(' or ')} is not in ${reader.where}`,
          fix: 'Correct the `uses:` path; a local action needs an action.yml at that path.',
          file: cur.file,
        })
      }
    }
  }

  const related: Workflow[] = []
  if (wf.triggers.some((t) => t.event === 'workflow_run')) {
    // every workflow of the repository: several may carry the name workflow_run follows, and
    // the one that matters may sort anywhere. Read a few at a time; a file that cannot be read
    // is said, not skipped silently.
    try {
      const paths = (await reader.listWorkflows()).filter((p) => reader.display(p) !== wf.file)
      if (paths.length > MAX_RELATED) skipped.push({ check: 'read the workflows that workflow_run follows', reason: `the repository has ${paths.length} workflows; the first ${MAX_RELATED} were read` })
      const todo = paths.slice(0, MAX_RELATED)
      const texts: Array<string | undefined> = new Array(todo.length)
      let next = 0
      const unread: string[] = []
      const worker = async () => {
        while (next < todo.length) {
          const i = next++
          texts[i] = await reader.read(todo[i]).catch(() => {
            unread.push(reader.display(todo[i]))
            return undefined
          })
        }
      }
      await Promise.all(Array.from({ length: Math.min(8, todo.length) }, worker))
      todo.forEach((p, i) => {
        const text = texts[i]
        if (text === undefined) return
        try {
          related.push(parseOnce(text, reader.display(p)))
        } catch {
          // an unreadable sibling only matters if it is the upstream, which then stays unknown
        }
      })
      if (unread.length) skipped.push({ check: 'read the workflows that workflow_run follows', reason: `could not read ${unread.sort().join(', ')}` })
    } catch (e) {
      skipped.push({ check: 'read the workflows that workflow_run follows', reason: err(e) })
    }
  }
  return { local, related, failures, skipped }
}

/**
 * The earlier `actions/checkout` step whose literal `path:` holds a local action's path, with
 * the repository it fetched when that is another one (undefined for this repository).
 */
function checkoutUnder(before: Workflow['jobs'][number]['steps'], actionPath: string): { path: string; repository?: string } | undefined {
  for (const s of [...before].reverse()) {
    const u = s.uses?.parsed
    if (!u || u.kind !== 'repo' || `${u.owner}/${u.repo}`.toLowerCase() !== 'actions/checkout') continue
    const pathNode = s.with.get('path')
    const path = pathNode?.kind === 'scalar' && pathNode.value !== null ? String(pathNode.value).replace(/^\.?\/+/, '').replace(/\/+$/, '') : ''
    if (!path || path.includes('${{') || !(actionPath === path || actionPath.startsWith(`${path}/`))) continue
    const repoNode = s.with.get('repository')
    const repository = repoNode?.kind === 'scalar' && repoNode.value !== null ? String(repoNode.value) : undefined
    // `repository: ${{ github.repository }}` is this repository
    return repository && !/^\$\{\{\s*github\.repository\s*\}\}$/i.test(repository) ? { path, repository } : { path }
  }
  return undefined
}

/** Workflows read to find what a `workflow_run` trigger follows (GitHub has no limit; this bounds the requests). */
export const MAX_RELATED = 1000

/** Does the workflow use anything local that must be read before the audit? */
export function usesLocal(wf: Workflow): boolean {
  return (
    wf.jobs.some((j) => j.uses?.parsed.kind === 'local' || j.steps.some((s) => s.uses?.parsed.kind === 'local' && s.uses.parsed.path !== '')) ||
    wf.triggers.some((t) => t.event === 'workflow_run')
  )
}

/** Files of a checkout on disk. */
export function fsReader(root: string, display: (p: string) => string, where: string): RepoReader {
  return {
    where,
    display,
    async read(p) {
      try {
        return await readFile(join(root, p), 'utf8')
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined
        throw e
      }
    },
    async listWorkflows() {
      return (await readdir(join(root, '.github', 'workflows'))).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => `.github/workflows/${f}`)
    },
  }
}

/** Files of a repository at a commit, through the contents API. */
export function apiReader(api: GitHubApi, owner: string, repo: string, sha: string, display: (p: string) => string = (p) => p): RepoReader {
  return {
    where: `${owner}/${repo} at ${sha}`,
    display,
    read: (p) => api.getFile(owner, repo, p, sha),
    async listWorkflows() {
      const r = await api.getJson<Array<{ type?: string; name?: string; path?: string }>>(
        `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/.github/workflows?ref=${encodeURIComponent(sha)}`,
      )
      if (!r || !Array.isArray(r.data)) return []
      return r.data.filter((x) => x.type === 'file' && /\.ya?ml$/i.test(x.name ?? '') && x.path).map((x) => x.path!)
    },
  }
}
