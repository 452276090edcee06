/** SARIF 2.1.0, for code scanning and other viewers. */
import { createHash } from 'node:crypto'
import { RULES, ENGINE_IDS } from '../audits/index.js'
import type { Finding, Severity } from '../audits/finding.js'
import { VERSION, docsUrl } from '../engine.js'
import type { Report } from '../engine.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' }

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.rule, f.file, f.job ?? '', f.step?.index ?? '', f.subject ?? f.message].join('\u0000'))
    .digest('hex')
    .slice(0, 32)
}

export function toSarif(r: Report, docsBase: string): string {
  const descriptors = [
    ...RULES.map((x) => ({ id: x.id, title: x.title, severity: x.severity })),
    ...ENGINE_IDS.map((id) => ({ id, title: 'ignore comment without a reason', severity: 'warning' as Severity })),
  ]
  const index = new Map(descriptors.map((d, i) => [d.id, i]))
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
            rules: descriptors.map((d) => ({
              id: d.id,
              name: d.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: d.title },
              helpUri: docsUrl(docsBase, d.id),
              defaultConfiguration: { level: LEVEL[d.severity] },
            })),
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
                artifactLocation: { uri: f.file.replace(/\\/g, '/').replace(/^\.\//, '') },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { 'releaseGate/v1': fingerprint(f) },
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
