/**
 * GitHub's own reading of a workflow file: `@actions/workflow-parser`, the parser and schema
 * GitHub publishes for its language services. It reports what GitHub would refuse (unknown
 * keys, missing `on`/`jobs`, values of the wrong type, expression syntax) with positions.
 */
import { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer'
import { parseWorkflow as githubParse } from '@actions/workflow-parser/workflows/workflow-parser'
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context'
import { readTemplate } from '@actions/workflow-parser/templates/template-reader'
import { WORKFLOW_ROOT } from '@actions/workflow-parser/workflows/workflow-constants'
import { YamlObjectReader } from '@actions/workflow-parser/workflows/yaml-object-reader'
import { EventType } from '@actions/workflow-parser/templates/parse-event'
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader'
import { MappingToken, SequenceToken, StringToken } from '@actions/workflow-parser/templates/tokens/index'
import type { LiteralToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range'
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document, LineCounter } from 'yaml'
import type { Problem } from './model.js'
import type { ParsedYaml } from './yaml.js'
import { workflowSchema } from './github-schema-load.js'

/** GitHub's parser walks the whole file; past this size our own limits already refused it. */
const MAX_SOURCE = 1_000_000

/**
 * GitHub's reader, over a document release-gate has already parsed. `parseWorkflow` would parse
 * the text again with the same library and options (`keepSourceTokens`; key uniqueness is the
 * template reader's own check, and a document that reaches here has no YAML errors, duplicate
 * keys included). The events are the ones `YamlObjectReader` yields (workflow-parser 0.3.x:
 * the same order, tokens, ranges and alias handling), made in one walk into a flat list
 * rather than through a generator per level, which re-yields each event through every
 * enclosing level.
 */
/** GitHub's own conversion of a scalar to its token (null, number, boolean, string with its source). */
const literalToken = (YamlObjectReader as unknown as { getLiteralToken(fileId: number, range: TokenRange | undefined, node: unknown): LiteralToken }).getLiteralToken

class DocumentReader implements ObjectReader {
  private readonly types: EventType[] = []
  private readonly tokens: Array<TemplateToken | undefined> = []
  private i = 0

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lc: LineCounter,
    private readonly fileId: number,
  ) {
    this.push(EventType.DocumentStart)
    this.walk(doc.contents, new Set())
    this.push(EventType.DocumentEnd)
  }

  private push(type: EventType, token?: TemplateToken): void {
    this.types.push(type)
    this.tokens.push(token)
  }

  private range(node: unknown): TokenRange | undefined {
    const r = (node as { range?: [number, number, number] } | null | undefined)?.range ?? []
    if (r[0] === undefined || r[1] === undefined) return undefined
    const s = this.lc.linePos(r[0])
    const e = this.lc.linePos(r[1])
    return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } }
  }

  private walk(node: unknown, aliases: Set<unknown>): void {
    if (isSeq(node) || isMap(node)) {
      const range = this.range(node)
      if (isSeq(node)) this.push(EventType.SequenceStart, new SequenceToken(this.fileId, range, undefined))
      else this.push(EventType.MappingStart, new MappingToken(this.fileId, range, undefined))
      for (const item of node.items) this.walk(item, aliases)
      this.push(isSeq(node) ? EventType.SequenceEnd : EventType.MappingEnd)
    } else if (isScalar(node)) {
      this.push(EventType.Literal, literalToken(this.fileId, this.range(node), node))
    } else if (isAlias(node)) {
      const target = node.resolve(this.doc)
      // a circular alias yields nothing, as in GitHub's reader
      if (target && !aliases.has(target)) this.walk(target, new Set(aliases).add(target))
    } else if (isPair(node)) {
      const key = node.key as { value?: unknown } | null
      this.push(EventType.Literal, new StringToken(this.fileId, this.range(key), key?.value as string, undefined))
      this.walk(node.value, aliases)
    }
  }

  private take(type: EventType): boolean {
    if (this.types[this.i] !== type) return false
    this.i++
    return true
  }

  allowLiteral(): LiteralToken | undefined {
    return this.take(EventType.Literal) ? (this.tokens[this.i - 1] as LiteralToken) : undefined
  }
  allowSequenceStart(): SequenceToken | undefined {
    return this.take(EventType.SequenceStart) ? (this.tokens[this.i - 1] as SequenceToken) : undefined
  }
  allowSequenceEnd(): boolean {
    return this.take(EventType.SequenceEnd)
  }
  allowMappingStart(): MappingToken | undefined {
    return this.take(EventType.MappingStart) ? (this.tokens[this.i - 1] as MappingToken) : undefined
  }
  allowMappingEnd(): boolean {
    return this.take(EventType.MappingEnd)
  }
  validateStart(): void {
    if (!this.take(EventType.DocumentStart)) throw new Error('Expected start of reader')
  }
  validateEnd(): void {
    if (!this.take(EventType.DocumentEnd)) throw new Error('Expected end of reader')
  }
}

/** What GitHub's parser refuses in a workflow file (empty when it accepts the file). */
export function githubProblems(source: string, file: string, parsed?: ParsedYaml): Problem[] {
  if (source.length > MAX_SOURCE) return []
  let context: TemplateContext
  if (parsed?.doc && parsed.source === source) {
    context = new TemplateContext(new TemplateValidationErrors(), workflowSchema(), new NoOperationTraceWriter())
    const fileId = context.getFileId(file)
    readTemplate(context, WORKFLOW_ROOT, new DocumentReader(parsed.doc, parsed.lineCounter, fileId), fileId)
  } else {
    context = githubParse({ name: file, content: source }, new NoOperationTraceWriter()).context
  }
  return context.errors.getErrors().map((e) => ({
    message: e.rawMessage,
    pos: e.range ? { line: e.range.start.line, column: e.range.start.column } : { line: 1, column: 1 },
  }))
}
