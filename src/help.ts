/**
 * The CLI's help: one short overview, and one page per command (`audit --help`, `help audit`).
 * Each page lists exactly the options that command takes; the parser checks flags against the
 * same table, so help and parser cannot drift apart.
 */
import { VERSION } from './engine.js'

export type Command = 'audit' | 'tree' | 'lock' | 'hash' | 'merge'
export const COMMANDS: readonly Command[] = ['audit', 'tree', 'lock', 'hash', 'merge']

/** Options, with their help line; `value` names the argument when the option takes one. */
interface Opt {
  value?: string
  help: string
}

export const OPTIONS: Record<string, Opt> = {
  '--job': { value: 'ID', help: 'audit this job and the jobs it needs (default: every publishing job)' },
  '--format': { value: 'F', help: 'text (default), json, sarif or github (workflow-command annotations)' },
  '--config': { value: 'FILE', help: 'config file (default: .github/release-gate.yml when present)' },
  '--fail-on': { value: 'LEVEL', help: 'error (default), warning, or never (report only)' },
  '--disable': { value: 'IDS', help: 'comma-separated rule ids to turn off' },
  '--allow': { value: "'P -- R'", help: 'let uses matching pattern P stay unpinned, for reason R (repeatable)' },
  '--offline': { help: 'skip every network check (the default when no token is set)' },
  '--require-lock': { help: 'the workflows must be locked (actions.lock or gha.sum)' },
  '--repo': { value: 'O/N[@REF]', help: "audit a repository's workflows through the API (repeatable)" },
  '--repos-file': { value: 'F', help: 'one owner/name[@ref] per line' },
  '--org': { value: 'NAME', help: "audit every repository of an organisation (or a user's)" },
  '--include-forks': { help: 'with --org: forks too (left out by default)' },
  '--include-archived': { help: 'with --org: archived repositories too (left out by default)' },
  '--shard': { value: 'I/N', help: 'audit only share I of N (1-based) of the repositories, split by name' },
  '--api-url': { value: 'URL', help: 'GitHub API (default: GITHUB_API_URL, or https://api.github.com)' },
  '--cache-dir': { value: 'DIR', help: 'keep files fetched by commit SHA here between runs' },
  '--color': { value: 'WHEN', help: 'auto (default: on a terminal), always or never; honours NO_COLOR, FORCE_COLOR' },
  '--check': { help: 'exit 1 when gha.sum or actions.lock is missing entries or stale, write nothing' },
  '--summary': { value: 'FILE', help: 'also write the Markdown job summary to FILE' },
}

interface Page {
  usage: string[]
  about: string
  options: string[]
  /** Help lines that differ for this command. */
  helpFor?: Record<string, string>
  more?: string
}

export const PAGES: Record<Command, Page> = {
  audit: {
    usage: ['release-gate audit <workflow.yml|action.yml|dir>... [options]', 'release-gate audit --repo owner/name[@ref]... | --org NAME [options]'],
    about:
      'Audit release workflows (a directory means its .github/workflows/). Without --job, every\njob that publishes is audited with the jobs it needs. With GH_TOKEN or GITHUB_TOKEN set, the\nonline checks run too (transitive dependencies, impostor commits, version comments,\nenvironments, advisories).',
    options: ['--job', '--format', '--config', '--fail-on', '--disable', '--allow', '--offline', '--require-lock', '--repo', '--repos-file', '--org', '--include-forks', '--include-archived', '--shard', '--api-url', '--cache-dir', '--color'],
    more: 'Examples:\n  release-gate audit .github/workflows\n  release-gate audit release.yml --fail-on never        # report only\n  release-gate audit --org my-org --shard 1/4 --format json > part-1.json\n\nExit codes: 0 pass, 1 blocked, 2 usage or input error.',
  },
  tree: {
    usage: ['release-gate tree <workflow.yml> [--job ID]'],
    about: 'Print the resolved dependency tree, like `npm ls`: each action, its ref, the commit it\nresolves to and its kind, composite actions and reusable workflows followed. Needs a token\n(GH_TOKEN or GITHUB_TOKEN).',
    options: ['--job', '--format', '--api-url', '--cache-dir'],
    helpFor: { '--job': "this job's tree (default: every publishing job's)", '--format': 'text (default) or json (with the request count and time)' },
  },
  lock: {
    usage: ['release-gate lock [workflow.yml|dir]... [--check]'],
    about: "Write .github/workflows/gha.sum (ghasum's format): a content checksum of every action the\nworkflows use, direct and transitive. It never writes actions.lock.",
    options: ['--check', '--api-url'],
    more: 'Exit codes: 0 written or up to date, 1 stale (with --check), 2 usage or input error.',
  },
  hash: {
    usage: ['release-gate hash <dir>...'],
    about: 'Print the dirhash h1 of each folder, as gha.sum records it.',
    options: [],
  },
  merge: {
    usage: ['release-gate merge <report.json>... [--format text|json|sarif|markdown] [--summary FILE]'],
    about: 'Merge JSON reports (from `audit --format json`, one per shard or repository) into one\nreport. Exit 1 when any of them blocks, 2 when one cannot be read.',
    options: ['--format', '--summary', '--color'],
    helpFor: { '--format': 'text (default), json, sarif or markdown (the job summary)' },
  },
}

function optionLines(names: string[], helpFor: Record<string, string> = {}): string[] {
  const rows = [...names.map((n) => [`${n}${OPTIONS[n].value ? ` ${OPTIONS[n].value}` : ''}`, helpFor[n] ?? OPTIONS[n].help]), ['-h, --help', 'this text']]
  const w = Math.max(...rows.map(([l]) => l.length)) + 2
  return rows.map(([l, h]) => `  ${l.padEnd(w)}${h}`)
}

export function commandHelp(cmd: Command): string {
  const p = PAGES[cmd]
  const out = ['Usage:', ...p.usage.map((u) => `  ${u}`), '', p.about, '', 'Options:', ...optionLines(p.options, p.helpFor), '']
  if (p.more) out.push(p.more, '')
  return out.join('\n')
}

export const USAGE = `release-gate ${VERSION}: audit GitHub Actions release workflows (SPEC 8)

Usage: release-gate <command> [options]

Commands:
  audit   audit workflows, a directory, repositories (--repo) or an organisation (--org)
  tree    print the resolved dependency tree of a workflow
  lock    write or check .github/workflows/gha.sum
  hash    print the dirhash h1 of folders
  merge   merge JSON reports into one
  help    help for a command: release-gate help audit

Options:
  -h, --help     help (release-gate <command> --help for a command's options)
  -V, --version  print the version

Exit codes: 0 pass, 1 blocked, 2 usage or input error.
`
