/**
 * SARIF 2.1.0, shaped for GitHub code scanning: each rule carries its documentation
 * (`fullDescription`, `help.text`, `help.markdown` from docs/rules/, embedded at build time),
 * `properties.tags` with `security` and a `security-severity` score (code scanning's severity:
 * 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below low); results carry fingerprints that do not
 * depend on line or step position, and URIs relative to the repository root.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { RULES, ENGINE_IDS } from '../audits/index.js'
import type { Finding, Severity } from '../audits/finding.js'
import { VERSION, docsUrl } from '../engine.js'
import type { Report } from '../engine.js'
import { ruleDocs } from './rule-docs.generated.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' }

/** Code scanning's security-severity by default severity, with the rules whose finding means compromise raised. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', note: '2.0' }
const CRITICAL = new Set(['impostor-commit', 'integrity-mismatch', 'secret-exfiltration', 'known-vulnerable-actions'])

/** The tags code scanning filters on; every rule is a security rule of the CI/CD supply chain. */
function tagsOf(id: string): string[] {
  const extra = /pin|lock|impostor|integrity|vulnerable|ref-version|images/.test(id)
    ? ['supply-chain']
    : /permission|secret|environment|publishing|runner|artipacked/.test(id)
      ? ['least-privilege']
      : []
  return ['security', 'github-actions', ...extra]
}

/** The one-line description under the title of docs/rules/<id>.md. */
function summaryOf(doc: string | undefined): string | undefined {
  if (!doc) return undefined
  const para = doc.replace(/^# .*\n+/, '').split(/\n\s*\n/)[0]?.trim()
  return para && !para.startsWith('|') ? para.replace(/\s*\n\s*/g, ' ') : undefined
}

/** Markdown with relative links made absolute (code scanning shows it outside the repository). */
function absoluteLinks(md: string, docsBase: string): string {
  const base = docsBase.replace(/\/+$/, '')
  return md.replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_m, target: string) => {
    try {
      return `](${new URL(target, `${base}/`).toString()})`
    } catch {
      return `](${target})`
    }
  })
}

/** A plain-text reading of the Markdown doc: headings, emphasis and link targets dropped. */
function plain(md: string): string {
  return md
    .replace(/^#+\s*/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .trim()
}

/**
 * What makes a finding the same alert from one run to the next: rule, file, job, the step's
 * id or name (not its position), and what it is about. Inserting a step or lines elsewhere
 * does not change it; `n` tells identical findings apart by order.
 */
function fingerprint(f: Finding, n: number): string {
  return createHash('sha256')
    .update([f.rule, uriOf(f.file), f.job ?? '', f.step?.id ?? f.step?.name ?? '', f.subject ?? f.message, String(n)].join('\u0000'))
    .digest('hex')
    .slice(0, 32)
}

const rootMemo = new Map<string, string | undefined>()

/** The repository root of a file on disk: the nearest folder holding `.git`, else the parent of a `.github` folder on the path. */
export function repoRoot(abs: string): string | undefined {
  const start = dirname(abs)
  if (rootMemo.has(start)) return rootMemo.get(start)
  let root: string | undefined
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(resolve(d, '.git'))) {
      root = d
      break
    }
    if (dirname(d) === d) break
  }
  if (!root) {
    const i = abs.lastIndexOf(`${sep}.github${sep}`)
    if (i >= 0) root = abs.slice(0, i) || sep
  }
  rootMemo.set(start, root)
  return root
}

/** A finding's file as code scanning wants it: `/`-separated, relative to the repository root. */
export function uriOf(file: string, cwd = process.cwd()): string {
  const abs = isAbsolute(file) ? file : resolve(cwd, file)
  if (existsSync(abs) || isAbsolute(file)) {
    const root = repoRoot(abs)
    if (root) return relative(root, abs).split(sep).join('/')
  }
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
}

export function toSarif(r: Report, docsBase: string): string {
  const descriptors = [
    ...RULES.map((x) => ({ id: x.id, title: x.title, severity: x.severity })),
    ...ENGINE_IDS.map((id) => ({ id, title: 'ignore comment without a reason', severity: 'warning' as Severity })),
  ]
  const index = new Map(descriptors.map((d, i) => [d.id, i]))
  const seen = new Map<string, number>()
  const sorted = [...r.findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
  const nth = new Map<Finding, number>()
  for (const f of sorted) {
    const k = [f.rule, f.file, f.job ?? '', f.step?.id ?? f.step?.name ?? '', f.subject ?? f.message].join('\u0000')
    const n = seen.get(k) ?? 0
    seen.set(k, n + 1)
    nth.set(f, n)
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'release-gate',
            version: VERSION,
            informationUri: docsBase.replace(/\/docs\/rules\/?$/, ''),
            rules: descriptors.map((d) => {
              const doc = ruleDocs()[d.id]
              const md = doc ? absoluteLinks(doc, docsBase) : `# ${d.id}\n\n${d.title}.\n\nSee ${docsUrl(docsBase, d.id)}.`
              return {
                id: d.id,
                name: d.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: d.title },
                fullDescription: { text: summaryOf(doc) ?? `${d.title}.` },
                help: { text: plain(md), markdown: md },
                helpUri: docsUrl(docsBase, d.id),
                defaultConfiguration: { level: LEVEL[d.severity] },
                properties: {
                  tags: tagsOf(d.id),
                  precision: 'high',
                  'security-severity': CRITICAL.has(d.id) ? '9.0' : SECURITY_SEVERITY[d.severity],
                  'problem.severity': d.severity === 'note' ? 'recommendation' : d.severity,
                },
              }
            }),
          },
        },
        results: r.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.message}${f.chain.length ? ` (via ${f.chain.join(' › ')})` : ''}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(f.file) },
                region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
              },
            },
          ],
          partialFingerprints: { 'releaseGate/v2': fingerprint(f, nth.get(f) ?? 0) },
          properties: { blocking: f.blocking, ...(f.job ? { job: f.job } : {}), ...(f.chain.length ? { chain: f.chain } : {}) },
          ...(f.ignored
            ? { suppressions: [{ kind: f.ignored.by === 'comment' ? 'inSource' : 'external', justification: f.ignored.reason }] }
            : {}),
        })),
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}
