/**
 * A fake GitHub with a small world of actions (in GitHub's response shapes), and a helper
 * that runs the online phase and the engine on a workflow against it.
 */
import { createHash } from 'node:crypto'
import { FakeGitHub } from './fake-github.js'
import { options } from './audit.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { AuditTarget, Report } from '../../src/engine.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { goOnline } from '../../src/resolve/index.js'
import { parseWorkflow } from '../../src/workflow/model.js'

export const sha = (n: number): string => n.toString(16).padStart(40, 'a')

/** Commits of the world, by name. */
export const C = {
  checkoutV5: '08c6903cd8c0fde910a37f88322edcfb5dd907a8',
  checkoutOld: sha(0x51),
  gemV1: '612653d0e3a0f3abc71fa9e6dcdb2e2f1ec1b2d4',
  credsV1: sha(0x61),
  pypiV113: 'ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e',
  changedFilesV45: sha(0x71),
  changedFilesV46: sha(0x72),
  fork: sha(0x99),
}

export async function world(): Promise<FakeGitHub> {
  const gh = new FakeGitHub()
  gh.addRepo('actions/checkout', { branches: { main: [C.checkoutOld, C.checkoutV5] }, tags: { 'v4.2.2': C.checkoutOld, 'v5.0.0': C.checkoutV5, v5: C.checkoutV5 }, forkCommits: [C.fork] })
  gh.addFile('actions/checkout', C.checkoutV5, 'action.yml', "name: Checkout\ndescription: Checkout a Git repository\nruns:\n  using: node24\n  main: dist/index.js\n  post: dist/index.js\n")
  gh.addFile('actions/checkout', C.checkoutOld, 'action.yml', "name: Checkout\ndescription: Checkout a Git repository\nruns:\n  using: node20\n  main: dist/index.js\n")
  gh.addFile('actions/checkout', C.fork, 'action.yml', "name: Checkout\ndescription: Checkout a Git repository\nruns:\n  using: node24\n  main: dist/index.js\n")
  // rubygems/release-gem v1 is a composite that uses configure-rubygems-credentials by tag
  gh.addRepo('rubygems/release-gem', { branches: { main: [C.gemV1] }, tags: { v1: C.gemV1, 'v1.1.1': C.gemV1 } })
  gh.addRepo('rubygems/configure-rubygems-credentials', { branches: { main: [C.credsV1] }, tags: { 'v1.0.0': C.credsV1 } })
  gh.addFile(
    'rubygems/release-gem',
    C.gemV1,
    'action.yml',
    "name: Release Gem\ndescription: Release a gem to RubyGems with trusted publishing\nruns:\n  using: composite\n  steps:\n    - name: Set remote URL\n      run: git config --global user.email \"$(git log -1 --pretty=format:'%ae')\"\n      shell: bash\n    - name: Configure trusted publishing credentials\n      uses: rubygems/configure-rubygems-credentials@v1.0.0\n    - name: Run release rake task\n      run: bundle exec rake release\n      shell: bash\n",
  )
  gh.addFile('rubygems/configure-rubygems-credentials', C.credsV1, 'action.yml', "name: Configure RubyGems Credentials\ndescription: OIDC exchange\nruns:\n  using: node24\n  main: dist/index.js\n")
  gh.addRepo('pypa/gh-action-pypi-publish', { branches: { 'release/v1': [C.pypiV113] }, defaultBranch: 'release/v1', tags: { 'v1.13.0': C.pypiV113 } })
  gh.addFile('pypa/gh-action-pypi-publish', C.pypiV113, 'action.yml', "name: pypi-publish\ndescription: Upload Python distribution packages to PyPI\nruns:\n  using: composite\n  steps:\n    - name: Run Docker container\n      run: ./create-docker-action.py\n      shell: bash\n")
  gh.addRepo('tj-actions/changed-files', { branches: { main: [C.changedFilesV45, C.changedFilesV46] }, tags: { 'v45.0.7': C.changedFilesV45, 'v46.0.1': C.changedFilesV46 } })
  for (const s of [C.changedFilesV45, C.changedFilesV46]) gh.addFile('tj-actions/changed-files', s, 'action.yml', "name: Changed Files\ndescription: x\nruns:\n  using: node20\n  main: dist/index.js\n")
  gh.advisories.push({
    ghsa_id: 'GHSA-mrrh-fwg8-r2c3',
    summary: 'tj-actions changed-files through 45.0.7 allows remote attackers to discover secrets by reading actions logs.',
    severity: 'high',
    package: 'tj-actions/changed-files',
    affected: ['45.0.7', '45.0.6', '1.0.0'],
    range: '<= 45.0.7',
    patched: '46.0.1',
  })
  gh.environments.set('octo/demo:release', { reviewers: 2, preventSelfReview: true, branchPolicy: [{ name: 'v*', type: 'tag' }], canAdminsBypass: false })
  await gh.start()
  return gh
}

export async function auditOnline(gh: FakeGitHub, text: string, file: string, job: string): Promise<{ report: Report; t: AuditTarget; api: GitHubApi }> {
  const api = new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 5 })
  const wf = parseWorkflow(text, file)
  const t: AuditTarget = { file: wf.file, workflow: wf, source: 'api', failures: [], jobId: job }
  await goOnline(t, { api, repository: { owner: 'octo', repo: 'demo' } })
  const opts = options()
  return { report: buildReport([auditTarget(t, opts)], [], opts), t, api }
}

/**
 * Serve every `owner/repo[/path]@ref` written in a workflow as a well-behaved node action: the
 * ref (or a commit made up for a tag) is the tip of main, and the `# vX` comment is a tag on it.
 */
export function serveActionsOf(gh: FakeGitHub, text: string): void {
  for (const m of text.matchAll(/uses:\s*["']?([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)((?:\/[^@\s]+)?)@([^\s"'#]+)["']?(?:\s*#\s*(v?[\d.]+))?/g)) {
    const [, owner, repo, sub, ref, comment] = m
    const name = `${owner}/${repo}`
    const commit = /^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : createHash('sha1').update(`${name}@${ref}`).digest('hex')
    const existing = gh.repos.get(name.toLowerCase())
    if (existing) {
      if (!existing.branches.main.includes(commit)) existing.branches.main.push(commit)
    } else gh.addRepo(name, { branches: { main: [commit] }, tags: {} })
    const r = gh.repos.get(name.toLowerCase())!
    if (!/^[0-9a-f]{40}$/i.test(ref)) r.tags[ref] = commit
    if (comment) r.tags[comment] = commit
    const path = sub ? `${sub.slice(1)}/action.yml` : 'action.yml'
    gh.addFile(name, commit, path, `name: ${repo}\ndescription: a node action\nruns:\n  using: node24\n  main: dist/index.js\n`)
  }
}
