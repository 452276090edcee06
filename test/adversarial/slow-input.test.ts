/**
 * Attack class: input that costs the gate more than it can spend. A line repeating a
 * command's name made the catalogue's patterns quadratic (a 900 KB one-line `run:` took over
 * 70 s); a long `needs` chain blew the stack. Both must give their verdict, quickly enough
 * that jest's own timeout never fires (the figures are `npm run bench`'s, not asserted here).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { COMMANDS } from '../../src/workflow/catalogue.js'
import { stepCommands } from '../../src/workflow/actions.js'
import { stepPublishes } from '../../src/workflow/publish.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { gatedJobs } from '../../src/audits/ungated-publishing.js'
import { jobReachable, occasions } from '../../src/workflow/triggers.js'
import { auditWorkflow } from '../helpers/audit.js'
import { GATE, blocking, both } from './helpers.js'

const release = (run: string) => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: npm
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - run: |
          ${run}
`

/**
 * The words each catalogue pattern is made of (its command names, verbs and flags, read from
 * the pattern itself, so a new entry is held to this too), and a few separators: the material
 * of a slow line.
 */
const WORDS = [
  ...new Set(
    COMMANDS.flatMap((c) => [c.re, c.rehearsal, c.unseen, c.scriptAlso].flatMap((re) => (re ? (re.source.replace(/\\[a-zA-Z]/g, ' ').match(/[A-Za-z][\w.:-]*/g) ?? []) : []))),
  ),
  'gh api -X POST',
  'goreleaser release --skip=',
  '-',
  '=',
  ',',
]

const line = (word: string, bytes: number) => `${word} `.repeat(Math.ceil(bytes / (word.length + 1)))

describe('linear time on long lines', () => {
  it.each(['npm', 'mvn', 'make', 'twine upload', 'gh api -X POST'].map((w) => [w]))('a 900 KB one-line run repeating `%s` is judged, and the publish at its end is found', (w) => {
    const run = `${line(w, 900_000)}&& npm publish --provenance`
    const text = release(run)
    expect(text.length).toBeGreaterThan(900_000)
    const { action, cli } = both(text, 'publish')
    expect(cli.files[0].targets).toEqual(['publish'])
    expect(action.verdict).toBe('pass')
  })

  it('every catalogue pattern answers a long line of its own words as it answers a short one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS), fc.constantFrom(' ', '', ',', '='), fc.integer({ min: 20_000, max: 60_000 }), (a, b, sep, n) => {
        const long = line(`${a}${sep}${b}`, n).replace(/'/g, "''")
        const wf = parseWorkflow(`on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: '${long} && cargo publish'\n`, 'p.yml')
        const step = wf.jobs[0].steps[0]
        const found = stepCommands(step).map((c) => c.label)
        expect(found).toContain('cargo publish')
        for (const c of COMMANDS) {
          c.re.test(long)
          c.rehearsal?.test(long)
          c.unseen?.test(long)
        }
        expect(stepPublishes(step)).toBeDefined()
      }),
      { numRuns: 60 },
    )
  })
})

describe('many files holding a secret, many uploads', () => {
  it.each(['cp t', 'cp', 'cp t*', 'rm t', 'rm t*', 'tar czf a t', 'zip a t*', 'curl -T t', 'gh release upload v1 t', '> t', 'tee -a t', '-F f=@t', '<<EOF'].map((w) => [w]))('a 900 KB one-line run that writes a secret to t, then repeats `%s`, is judged', (w) => {
    const run = `echo "\${{ secrets.PYPI_API_TOKEN }}" > t && ${line(w, 900_000)}`
    const { action } = both(release(run), 'publish')
    expect(action.findings.filter((f) => f.rule === 'check-failed')).toEqual([])
  })

  it('9,000 secret files, each sent to its registry, 300 release globs and an artifact: one finding, the artifact\'s', () => {
    const n = 9_000
    const lines: string[] = []
    for (let i = 0; i < n; i++) lines.push(`echo "$T">o/${i}`, `curl -T o/${i} https://upload.pypi.org/`)
    for (let i = 0; i < 300; i++) lines.push(`gh release upload v1 "d${i}/*.whl"`)
    const text = release(`${lines.join('\n          ')}`).replace('      - run: |\n', '      - env:\n          T: ${{ secrets.PYPI_API_TOKEN }}\n        run: |\n') +
      '      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2\n        with:\n          name: one\n          path: o/8999\n'
    const { action } = both(text, 'publish')
    expect(action.findings.filter((f) => f.rule === 'secret-exfiltration').map((f) => f.message)).toEqual([
      expect.stringMatching(/writes `\$T \(secrets\.PYPI_API_TOKEN\)` into `o\/8999`, which is uploaded as an artifact by `actions\/upload-artifact`/),
    ])
  })
})

describe('no recursion limit on needs chains', () => {
  const chain = (n: number, always: number[]) => {
    const jobs = [`  gate:\n    runs-on: ubuntu-latest\n    environment: pypi\n    steps:\n      - uses: ${GATE}\n`]
    for (let i = 0; i < n; i++) jobs.push(`  j${i}:\n    needs: ${i === 0 ? 'gate' : `j${i - 1}`}\n${always.includes(i) ? '    if: always()\n' : ''}    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`)
    jobs.push(`  publish:\n    needs: j${n - 1}\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - run: twine upload dist/*\n`)
    return `name: Release\non:\n  push:\n    tags: ['v*']\npermissions:\n  contents: read\njobs:\n${jobs.join('')}`
  }

  it('a 5,000-job chain with an always() in the middle gives its finding, in the action and in the CLI', () => {
    const text = chain(5000, [4000])
    const wf = parseWorkflow(text, 'chain.yml')
    const action = auditWorkflow(wf, { job: 'gate' })
    expect(action.findings.filter((f) => f.rule === 'ungated-publishing').map((f) => f.job)).toEqual(['publish'])
    expect(blocking(action)).toContain('ungated-publishing')
    const cli = auditWorkflow(wf)
    expect(cli.files[0].targets).toEqual(['publish'])
    expect(cli.findings.filter((f) => f.rule === 'check-failed')).toEqual([])
    const occ = occasions(wf)[0]
    expect(jobReachable(wf, wf.jobs[wf.jobs.length - 1], occ)).toBe(true)
  })

  it('property: a job in a chain is gated exactly when no job between it and the gate runs after failure', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.nat(), { maxLength: 3 }), (n, picks) => {
        const always = picks.map((p) => p % n)
        const wf = parseWorkflow(chain(n, always), 'chain.yml')
        const g = gatedJobs(wf, wf.jobs[0])
        const first = always.length ? Math.min(...always) : Infinity
        for (const i of [0, n - 1, Math.floor(n / 2), first - 1, first].filter((x) => x >= 0 && x < n)) expect(g.has(`j${i}`)).toBe(i < first)
        expect(g.has('publish')).toBe(first === Infinity)
      }),
      { numRuns: 15 },
    )
  })
})
