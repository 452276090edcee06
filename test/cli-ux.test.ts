/**
 * The CLI as people meet it: help per command, one-line usage errors, exit 2 for what is not a
 * workflow, colour only where it belongs, findings grouped by rule and wrapped to the terminal.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runCli, textWidth, useColor } from '../src/cli.js'
import { wrap } from '../src/report/text.js'
import { fixturePath } from './helpers/audit.js'

const ESC = '\u001b['
const POSITIVE = fixturePath('workflows/unpinned-uses/positive.yml')
const RIPGREP = fixturePath('corpus/workflows/BurntSushi__ripgrep__release.yml')

describe('help', () => {
  it.each([
    [['audit', '--help'], ['release-gate audit <workflow.yml|action.yml|dir>...', '--fail-on LEVEL', '--org NAME', '--shard I/N'], ['--check']],
    [['help', 'audit'], ['release-gate audit <workflow.yml|action.yml|dir>...', '--fail-on LEVEL'], ['--check']],
    [['lock', '--help'], ['release-gate lock [workflow.yml|dir]... [--check]', '--check', 'gha.sum'], ['--fail-on', '--org']],
    [['tree', '-h'], ['release-gate tree <workflow.yml> [--job ID]', "this job's tree", 'text (default) or json'], ['--fail-on', '--check']],
    [['hash', '--help'], ['release-gate hash <dir>...', 'dirhash h1'], ['--job']],
    [['merge', '--help'], ['release-gate merge <report.json>...', 'markdown (the job summary)'], ['--job']],
  ])('%j prints that command\'s own page', async (args, has, hasNot) => {
    const r = await runCli(args, {})
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    for (const h of has) expect(r.stdout).toContain(h)
    for (const h of hasNot) expect(r.stdout).not.toContain(h)
  })

  it('the overview lists every command, help <command> and --version', async () => {
    const r = await runCli(['--help'], {})
    for (const c of ['audit', 'tree', 'lock', 'hash', 'merge']) expect(r.stdout).toMatch(new RegExp(`^ {2}${c} {2,}\\S`, 'm'))
    expect(r.stdout).toContain('release-gate help audit')
    expect(r.stdout).toMatch(/^ {2}-V, --version +print the version$/m)
    expect((await runCli(['help'], {})).stdout).toBe(r.stdout)
  })

  it('--version prints the name and version', async () => {
    for (const args of [['--version'], ['-V'], ['audit', '--version']]) {
      const r = await runCli(args, {})
      expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^release-gate \d+\.\d+\.\d+\n$/) })
    }
  })
})

describe('usage errors: one line, then where to read more', () => {
  it.each([
    [['audit', POSITIVE, '--bogus'], "release-gate: unknown option '--bogus'", 'release-gate audit --help'],
    [['audit', POSITIVE, '--jbo', 'x'], "release-gate: unknown option '--jbo'; did you mean '--job'?", 'release-gate audit --help'],
    [['lock', '--fail-on', 'never'], 'release-gate: lock does not take --fail-on', 'release-gate lock --help'],
    [['audit', POSITIVE, '--format', 'xml'], "release-gate: --format is 'xml'; expected text, json, sarif, github", 'release-gate audit --help'],
    [['audit', POSITIVE, '--job'], 'release-gate: --job needs a value (ID)', 'release-gate audit --help'],
    [['audti', POSITIVE], "release-gate: unknown command 'audti'; expected audit, tree, lock, hash, merge; did you mean 'audit'?", 'release-gate --help'],
    [['help', 'nope'], "release-gate: no help for 'nope': commands are audit, tree, lock, hash, merge", 'release-gate --help'],
    [['audit', '--shard', '1/2', POSITIVE], 'release-gate: --shard splits repositories: use it with --org, --repo or --repos-file', 'release-gate audit --help'],
  ])('%j', async (args, line, more) => {
    const r = await runCli(args, {})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`${line}\nRun '${more}' for usage.\n`)
  })
})

describe('what is not a workflow: exit 2 with one line', () => {
  it('a package.json', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rg-ux-'))
    writeFileSync(join(d, 'package.json'), '{"name": "x", "version": "1.0.0"}\n')
    const r = await runCli(['audit', join(d, 'package.json')], {})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/package\.json: not a GitHub Actions workflow \(no `on:` or `jobs:`\) nor an action \(no `runs:`\)/)
  })

  it('but in .github/workflows/ it is a broken workflow, as GitHub sees it: a finding', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rg-ux-'))
    mkdirSync(join(d, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(d, '.github', 'workflows', 'notes.yml'), 'title: release notes\nitems: [a, b]\n')
    const r = await runCli(['audit', d, '--format', 'json'], {})
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('invalid-workflow')
  })

  it('a missing path, and hash of a missing or non-directory path, never a raw ENOENT', async () => {
    for (const args of [['audit', 'nope.yml'], ['hash', 'nope'], ['hash', POSITIVE], ['merge', 'nope.json']]) {
      const r = await runCli(args, {})
      expect(r.code).toBe(2)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(r.stderr).not.toMatch(/ENOENT|ENOTDIR|scandir/)
      expect(r.stderr).toMatch(/^release-gate: \S*nope(\.yml|\.json)?: no such (file|directory)|not a directory/)
    }
  })
})

describe('colour', () => {
  it('is on at a terminal, off in a pipe, and NO_COLOR, FORCE_COLOR and --color decide over that', () => {
    expect(useColor('auto', {}, { isTTY: true })).toBe(true)
    expect(useColor('auto', {}, { isTTY: false })).toBe(false)
    expect(useColor('auto', { TERM: 'dumb' }, { isTTY: true })).toBe(false)
    expect(useColor('auto', { NO_COLOR: '1' }, { isTTY: true })).toBe(false)
    expect(useColor('auto', { NO_COLOR: '' }, { isTTY: true })).toBe(true)
    expect(useColor('auto', { FORCE_COLOR: '1' }, { isTTY: false })).toBe(true)
    expect(useColor('auto', { FORCE_COLOR: '0' }, { isTTY: true })).toBe(false)
    expect(useColor('never', { FORCE_COLOR: '1' }, { isTTY: true })).toBe(false)
    expect(useColor('always', { NO_COLOR: '1' }, { isTTY: false })).toBe(true)
  })

  it('paints the text report only when it is on', async () => {
    const tty = await runCli(['audit', POSITIVE], {}, { isTTY: true, columns: 120 })
    expect(tty.stdout).toContain(`${ESC}31m`)
    expect(tty.stdout).toContain(`${ESC}1m${ESC}31merror[unpinned-uses]`)
    const noColor = await runCli(['audit', POSITIVE], { NO_COLOR: '1' }, { isTTY: true, columns: 120 })
    expect(noColor.stdout).not.toContain(ESC)
    expect(noColor.stdout.replace(/\s+/g, ' ')).toBe(tty.stdout.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' '))
    expect((await runCli(['audit', POSITIVE], {})).stdout).not.toContain(ESC)
    expect((await runCli(['audit', POSITIVE], { FORCE_COLOR: '1' })).stdout).toContain(ESC)
    // machine formats never carry colour
    const json = await runCli(['audit', POSITIVE, '--format', 'json', '--color', 'always'], {})
    expect(json.stdout).not.toContain(ESC)
  })
})

describe('text report', () => {
  it('groups findings by rule, says a fix shared by every location once, and counts with plurals', async () => {
    const r = await runCli(['audit', RIPGREP, '--fail-on', 'warning'], {})
    const headers = r.stdout.split('\n').filter((l) => /^(error|warning|note)\[/.test(l))
    const rules = headers.map((h) => /\[([a-z-]+)\]/.exec(h)![1])
    expect(new Set(rules).size).toBe(rules.length)
    expect(r.stdout).toMatch(/^warning\[artipacked\] .*\(3, blocking\)$/m)
    const block = r.stdout.split(/\n(?=\S)/).find((b) => b.startsWith('warning[artipacked]'))!
    expect(block.match(/fix:/g)).toHaveLength(1)
    expect(block.match(/BurntSushi__ripgrep__release\.yml:\d+:\d+/g)).toHaveLength(3)
    expect(r.stdout).toMatch(/^FAIL: \d+ blocking findings \(\d+ errors?, \d+ warnings?\)$/m)
  })

  it('one finding is singular, and no zero counts are listed', async () => {
    const r = await runCli(['audit', fixturePath('corpus/workflows/pallets__flask__publish.yaml')], {})
    // flask's create-release job only makes a GitHub Release: one warning, nothing blocks
    expect(r.stdout).toMatch(/^PASS: 1 warning; fail-on: error$/m)
    expect(r.stdout).toMatch(/^warning\[missing-environment\] .*\(not blocking\)$/m)
  })

  it('wraps prose to the terminal width, never breaking a location', async () => {
    for (const columns of [60, 80, 120]) {
      const r = await runCli(['audit', POSITIVE], {}, { isTTY: true, columns })
      const lines = r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n')
      // a line over the width is one unbreakable word (a URL, a location) after its indent
      for (const l of lines.filter((x) => [...x].length > columns)) expect(l.trim().split(' ').filter((w) => w.length > 0)).toHaveLength(l.trim().startsWith('docs:') ? 2 : 1)
      expect(r.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toContain('positive.yml:19:13')
    }
    expect(textWidth({ COLUMNS: '72' }, {})).toBe(72)
    expect(textWidth({}, { isTTY: true, columns: 132 })).toBe(132)
    expect(textWidth({}, {})).toBe(100)
  })

  it('wrap keeps words whole and indents continuation lines', () => {
    expect(wrap('aaa bbb ccc ddd', 9, '  ', '')).toEqual(['aaa bbb', '  ccc ddd'])
    expect(wrap('averyveryverylongword x', 8, '  ', '')).toEqual(['averyveryverylongword', '  x'])
  })

  it('lists checks that did not run once per reason', async () => {
    const r = await runCli(['audit', POSITIVE], { COLUMNS: '200' })
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('not checked:'))
    expect(lines.filter((l) => l.includes('no token')).length).toBe(1)
    expect(r.stdout).toMatch(/not checked: impostor-commit, known-vulnerable-actions, ref-version-mismatch,/)
  })
})

describe('help pages fit a terminal', () => {
  it.each([[[] as string[]], [['audit', '--help']], [['tree', '--help']], [['lock', '--help']], [['hash', '--help']], [['merge', '--help']]])('%j: no line over 100 columns', async (args) => {
    const r = await runCli(args, {})
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(100)
  })
})
