import { describe, expect, it } from '@jest/globals'
import { InputError, YAML_LIMITS, get, parseYaml } from '../../src/workflow/yaml.js'

describe('parseYaml', () => {
  it('gives the environment back after parsing, and after failing to parse', () => {
    const env = process.env
    parseYaml('on: push # c\njobs: {}\n', 'w.yml')
    expect(process.env).toBe(env)
    expect(() => parseYaml('a: [1,\n', 'w.yml')).toThrow(InputError)
    expect(process.env).toBe(env)
  })

  it('keeps 1-based positions of keys and values', () => {
    const y = parseYaml('on: push\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n', 'w.yml')
    const step = (get(get(get(y.root, 'jobs'), 'build'), 'steps') as { items: unknown[] }).items[0]
    const uses = get(step as never, 'uses')!
    expect(uses.pos).toEqual({ line: 5, column: 15 })
  })

  it('reads `on` as a string key (YAML 1.2), not true', () => {
    const y = parseYaml('on: push\n', 'w.yml')
    expect(get(y.root, 'on')).toMatchObject({ kind: 'scalar', value: 'push' })
  })

  it('collects comments but not `#` inside block scalars', () => {
    const y = parseYaml('a: 1 # first\nrun: |\n  echo "# not a comment"\n  # neither\n# last\n', 'w.yml')
    expect(y.comments.map((c) => [c.text, c.pos.line])).toEqual([
      ['# first', 1],
      ['# last', 5],
    ])
  })

  it('names the file, line and column of a syntax error', () => {
    expect(() => parseYaml('on: push\njobs:\n  a: [1, 2\n', 'bad.yml')).toThrow(InputError)
    try {
      parseYaml('on: push\njobs:\n  build:\n    runs-on: x\n   oops: 1\n', 'bad.yml')
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      expect((e as InputError).message).toMatch(/^bad\.yml:5:\d+: invalid YAML/)
      expect((e as InputError).line).toBe(5)
    }
  })

  it('rejects duplicate keys with their position', () => {
    expect(() => parseYaml('on: push\non: pull_request\n', 'dup.yml')).toThrow(/dup\.yml:2:1: invalid YAML: Map keys must be unique/)
  })

  it('rejects a stream of several documents', () => {
    expect(() => parseYaml('on: push\n---\non: release\n', 'multi.yml')).toThrow(/2 YAML documents/)
  })

  it('stops an alias bomb quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    const t = Date.now()
    expect(() => parseYaml(lines.join('\n') + '\n', 'bomb.yml')).toThrow(/alias/)
    expect(Date.now() - t).toBeLessThan(2000)
  })

  it('resolves ordinary aliases', () => {
    const y = parseYaml('x: &perm\n  contents: read\ny: *perm\n', 'a.yml')
    expect(get(get(y.root, 'y'), 'contents')).toMatchObject({ value: 'read' })
  })

  it('refuses files over the size limit', () => {
    const big = 'a: "' + 'x'.repeat(YAML_LIMITS.maxBytes) + '"\n'
    expect(() => parseYaml(big, 'big.yml')).toThrow(/bytes/)
  })

  it('refuses deep nesting without overflowing the stack', () => {
    const deep = 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'
    expect(() => parseYaml(deep, 'deep.yml')).toThrow(/nesting deeper/)
  })
})
