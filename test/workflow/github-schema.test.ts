/**
 * GitHub's parser reads the document release-gate already parsed (no second YAML parse, no
 * generator per level): what it reports must be exactly what `parseWorkflow` on the text says.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema'
import { githubProblems } from '../../src/workflow/github-schema.js'
import { workflowSchema } from '../../src/workflow/github-schema-load.js'
import { parseYaml } from '../../src/workflow/yaml.js'
import { fixturePath } from '../helpers/audit.js'

const CASES: Array<[string, string]> = [
  ['accepted', 'on:\n  push:\n    tags: ["v*"]\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n'],
  ['an unknown key', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: x\n'],
  ['a wrong type and a bad expression', 'on: push\npermissions: 5\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: ${{ github.ref == }}\n    steps:\n      - run: echo ${{ secrets. }}\n'],
  ['anchors and aliases', 'on: push\njobs:\n  a: &job\n    runs-on: ubuntu-latest\n    steps:\n      - &s\n        run: echo one\n      - *s\n  b: *job\n  c:\n    runs-on: *s\n    steps: []\n'],
  ['block scalars and a duplicate-looking nested key', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: |\n      github.event_name == \'push\'\n    steps:\n      - run: >-\n          echo ${{ github.sha }}\n        env:\n          A: ${{ github.ref }}\n'],
  ['no jobs', 'on: push\n'],
  ['a null value and a flow map', 'on: {push: null, workflow_dispatch: {inputs: {x: {type: choice, options: [a, b]}}}}\njobs:\n  a: {runs-on: ubuntu-latest, steps: [{uses: "actions/checkout@v4"}, {run: ""}]}\n'],
]

/** Every object with its class name, so a definition of another kind or a token of another type differs. */
const withClasses = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? { class: (v as object).constructor?.name, ...v } : v)))

describe("GitHub's workflow schema, built from its JSON without the schema-of-schemas pass", () => {
  it('is the schema getWorkflowSchema() builds: every definition, of the same class, with the same fields and tokens', () => {
    const ours = workflowSchema()
    const theirs = getWorkflowSchema()
    expect(Object.keys(ours.definitions).length).toBeGreaterThan(300)
    expect(Object.keys(ours.definitions)).toEqual(Object.keys(theirs.definitions))
    expect(withClasses(ours)).toEqual(withClasses(theirs))
  })
})

describe("GitHub's parser over release-gate's parsed document", () => {
  it.each(CASES)('%s: the same problems, positions and messages as parsing the text', (_what, text) => {
    const direct = githubProblems(text, 'release.yml')
    expect(githubProblems(text, 'release.yml', parseYaml(text, 'release.yml'))).toEqual(direct)
  })

  it('the cases that should be refused are refused, so the comparison above compares something', () => {
    const refused = CASES.filter(([, t]) => githubProblems(t, 'release.yml', parseYaml(t, 'release.yml')).length > 0).map(([w]) => w)
    expect(refused).toEqual(expect.arrayContaining(['an unknown key', 'a wrong type and a bad expression', 'no jobs']))
    expect(refused).not.toContain('accepted')
  })

  it('agrees on every corpus workflow', () => {
    const dir = fixturePath('corpus/workflows')
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8')
      expect([f, githubProblems(text, f, parseYaml(text, f))]).toEqual([f, githubProblems(text, f)])
    }
  })
})
