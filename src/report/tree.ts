/** The resolved dependency tree, like `npm ls`: action, ref, resolved SHA, kind. */
import type { DepNode, Resolution } from '../resolve/graph.js'

function label(n: DepNode | undefined, value: string): string {
  if (!n) return value
  const sha = n.sha && n.sha.toLowerCase() !== n.uses.ref.toLowerCase() ? ` → ${n.sha.slice(0, 12)}` : ''
  const err = n.error ? ` ✗ ${n.error}` : ''
  const kind = n.kind === 'docker' && n.image ? `docker (${n.image.value})` : n.kind
  return `${value}${sha} [${kind}]${err}`
}

export function renderTree(res: Resolution, title: string): string {
  const lines: string[] = [title]
  const byJob = new Map<string, typeof res.roots>()
  for (const r of res.roots) {
    const k = r.chain.length ? `${r.job} (${r.chain.slice(1).join(' › ')})` : r.job
    byJob.set(k, [...(byJob.get(k) ?? []), r])
  }
  const jobs = [...byJob.entries()]
  jobs.forEach(([job, roots], ji) => {
    const lastJob = ji === jobs.length - 1
    lines.push(`${lastJob ? '└── ' : '├── '}${job}`)
    const pad0 = lastJob ? '    ' : '│   '
    const walk = (n: DepNode | undefined, value: string, pad: string, last: boolean, path: Set<string>) => {
      const cyc = n && path.has(n.id)
      lines.push(`${pad}${last ? '└── ' : '├── '}${cyc ? `${value} (cycle)` : label(n, value)}`)
      if (!n || cyc) return
      const next = new Set(path).add(n.id)
      const kids = n.children
      kids.forEach((e, i) => {
        const p = pad + (last ? '    ' : '│   ')
        if (e.node) walk(e.node, e.uses.value, p, i === kids.length - 1, next)
        else lines.push(`${p}${i === kids.length - 1 ? '└── ' : '├── '}${e.uses.value}${e.note ? ` (${e.note})` : ''}`)
      })
    }
    roots.forEach((r, i) => walk(r.node, r.uses.value, pad0, i === roots.length - 1, new Set()))
  })
  return lines.join('\n') + '\n'
}
