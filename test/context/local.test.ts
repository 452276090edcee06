import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { runCli } from '../../src/cli.js'
import { FIXTURES } from '../helpers/audit.js'

const REPO = join(FIXTURES, 'repos', 'local')

describe('local reusable workflows and composite actions', () => {
  it('audits the called workflow and the composite steps, in their own files, with the chain', async () => {
    const r = await runCli(['audit', join(REPO, '.github/workflows/release.yml'), '--job', 'publish', '--format', 'json'], {})
    const j = JSON.parse(r.stdout)
    const by = (rule: string) => j.findings.filter((f: { rule: string }) => f.rule === rule)
    const pins = by('unpinned-uses')
    expect(pins.map((f: { file: string; line: number }) => `${f.file.replace(/^.*repos\/local\//, '')}:${f.line}`).sort()).toEqual([
      '.github/actions/prepare/action.yml:6',
      '.github/workflows/build.yml:10',
    ])
    const composite = pins.find((f: { file: string }) => f.file.endsWith('action.yml'))
    expect(composite).toMatchObject({ job: 'publish', step: { index: 2 }, chain: ['publish', './.github/actions/prepare'] })
    const called = pins.find((f: { file: string }) => f.file.endsWith('build.yml'))
    expect(called).toMatchObject({ job: 'dist', chain: ['build', './.github/workflows/build.yml'] })
    expect(by('cache-poisoning')[0]).toMatchObject({ line: 9, severity: 'error' })
    expect(by('artipacked')[0]).toMatchObject({ job: 'dist', severity: 'warning' })
  })

  it('reports a local action that is not there as a check that could not run', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const repo = mkdtempSync(join(tmpdir(), 'rg-local-'))
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
    writeFileSync(
      join(repo, '.github', 'workflows', 'r.yml'),
      'on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    environment: x\n    permissions:\n      id-token: write\n    steps:\n      - uses: ./.github/actions/missing\n      - run: npm publish\n',
    )
    const r = await runCli(['audit', join(repo, '.github', 'workflows', 'r.yml'), '--format', 'json'], {})
    expect(r.code).toBe(1)
    const f = JSON.parse(r.stdout).findings.find((x: { rule: string }) => x.rule === 'check-failed')
    expect(f.message).toMatch(/^could not read \.\/\.github\/actions\/missing: \.github\/actions\/missing\/action\.yml or \.github\/actions\/missing\/action\.yaml is not in the checkout/)
  })

  it('says so when a workflow outside a checkout uses local actions', async () => {
    const r = await runCli(['audit', join(FIXTURES, 'workflows/unpinned-uses/near-miss.yml'), '--format', 'json'], {})
    expect(JSON.parse(r.stdout).skipped[0].reason).toMatch(/not inside a repository checkout/)
  })
})
