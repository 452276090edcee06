import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { runCli } from '../src/cli.js'
import { fixturePath } from './helpers/audit.js'

const exec = promisify(execFile)

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, GH_TOKEN: '', GITHUB_TOKEN: '' } })
    return { code: 0, ...r }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

describe('release-gate audit (dist/cli.js)', () => {
  it('exits 1 on a tag-pinned workflow with the finding at its line and column', async () => {
    const r = await cli(['audit', fixturePath('workflows/unpinned-uses/positive.yml')])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^error\[unpinned-uses\] action not pinned to a full commit SHA \(3, blocking\)$/m)
    expect(r.stdout).toMatch(/^ {2}\S*positive\.yml:19:13 job build-and-publish · step 2 Checkout\n {4}actions\/checkout@v4 is pinned to a tag/m)
    expect(r.stdout).toMatch(/^FAIL: 3 blocking findings/m)
  })

  it('exits 0 on a fully pinned workflow', async () => {
    const r = await cli(['audit', fixturePath('workflows/unpinned-uses/near-miss.yml')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^PASS/m)
  })

  it('exits 2 on invalid YAML, naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-cli-'))
    const f = join(dir, 'broken.yml')
    writeFileSync(f, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n   steps: []\n')
    const r = await cli(['audit', f])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/broken\.yml:5:\d+: invalid YAML/)
    expect(r.stdout).toBe('')
  })

  it('prints exactly one JSON document with --format json', async () => {
    const r = await cli(['audit', fixturePath('workflows/unpinned-uses/positive.yml'), '--format', 'json'])
    expect(r.code).toBe(1)
    const j = JSON.parse(r.stdout)
    expect(j.verdict).toBe('fail')
    expect(j.findings[0]).toMatchObject({ rule: 'unpinned-uses', line: 19, column: 13, blocking: true, ignored: false })
  })
})

describe('release-gate audit (in process)', () => {
  it('--format github prints workflow commands', async () => {
    const r = await runCli(['audit', fixturePath('workflows/unpinned-uses/positive.yml'), '--format=github'], {})
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=.*positive\.yml,line=19,col=13,title=unpinned-uses::/)
  })

  it('--format sarif prints SARIF', async () => {
    const r = await runCli(['audit', fixturePath('workflows/unpinned-uses/positive.yml'), '--format', 'sarif'], {})
    expect(JSON.parse(r.stdout).version).toBe('2.1.0')
  })

  it('--job limits the audit to that job and its needs', async () => {
    const r = await runCli(['audit', fixturePath('corpus/workflows/pallets__flask__publish.yaml'), '--job', 'publish-pypi', '--format', 'json'], {})
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ targets: ['publish-pypi'], jobs: ['build', 'publish-pypi'] })
  })

  it('--job naming no job is a usage error', async () => {
    const r = await runCli(['audit', fixturePath('corpus/workflows/pallets__flask__publish.yaml'), '--job', 'deploy'], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no job 'deploy' .*\(jobs: build, create-release, publish-pypi\)/)
  })

  it('--fail-on never reports without blocking; --allow needs a reason', async () => {
    expect((await runCli(['audit', fixturePath('workflows/unpinned-uses/positive.yml'), '--fail-on', 'never'], {})).code).toBe(0)
    const bad = await runCli(['audit', fixturePath('workflows/unpinned-uses/positive.yml'), '--allow', 'actions/*'], {})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/has no reason/)
  })

  it('audits a repository directory through its .github/workflows and config file', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'rg-repo-'))
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
    writeFileSync(
      join(repo, '.github', 'workflows', 'release.yml'),
      [
        'on:',
        '  release:',
        '    types: [published]',
        'permissions: {}',
        'jobs:',
        '  p:',
        '    runs-on: ubuntu-latest',
        '    environment: npm',
        '    permissions:',
        '      id-token: write',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '        with:',
        '          persist-credentials: false',
        '      - run: npm publish --provenance',
        '',
      ].join('\n'),
    )
    writeFileSync(join(repo, '.github', 'release-gate.yml'), 'rules:\n  unpinned-uses:\n    severity: warning\n')
    const r = await runCli(['audit', repo, '--format', 'json'], {})
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ rule: 'unpinned-uses', severity: 'warning' })
  })

  it.each([
    [[], 0, /Usage:/],
    [['lint', 'x.yml'], 2, /unknown command 'lint'/],
    [['audit'], 2, /name at least one workflow/],
    [['audit', 'x.yml', '--format', 'xml'], 2, /--format is 'xml'/],
    [['audit', 'x.yml', '--bogus'], 2, /unknown option '--bogus'/],
    [['audit', '/no/such/file.yml'], 2, /no such file/],
  ])('%j exits %i', async (args, code, re) => {
    const r = await runCli(args as string[], {})
    expect(r.code).toBe(code)
    expect(r.stdout + r.stderr).toMatch(re)
  })
})
