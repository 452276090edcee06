/** Short descriptions of where a finding is, shared by the renderers. */
import { code } from '../audits/finding.js'
import type { Finding } from '../audits/finding.js'

export function location(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}`
}

/** "job `publish` · step 2 `Publish to PyPI`" (plain text with code spans). */
export function jobStep(f: Finding): string {
  const parts: string[] = []
  if (f.job) parts.push(`job ${code(f.job)}`)
  if (f.step) {
    const label = f.step.name ?? f.step.id
    parts.push(`step ${f.step.index + 1}${label ? ` ${code(label)}` : ''}`)
  }
  return parts.join(' · ')
}

export function chainText(f: Finding): string {
  return f.chain.map((c) => code(c)).join(' › ')
}
