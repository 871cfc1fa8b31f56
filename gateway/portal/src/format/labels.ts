// Codes the services send, as the names users read. Unknown codes are shown as they are.

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** A code's Chinese name and the colour of its tag. */
export interface Label {
  name: string
  tag: TagType
}

export type Labels = Readonly<Record<string, Label>>

export function labelName(labels: Labels, code: string | null | undefined): string {
  if (!code) return ''
  return labels[code]?.name ?? code
}

export function labelTag(labels: Labels, code: string | null | undefined): TagType {
  return (code && labels[code]?.tag) || 'info'
}

/** The options of a select over `labels`, in their order. */
export function labelOptions(labels: Labels): { value: string; label: string }[] {
  return Object.entries(labels).map(([value, { name }]) => ({ value, label: name }))
}

/** Names only, for code lists without a colour. */
export function plainLabels(names: Readonly<Record<string, string>>): Labels {
  return Object.fromEntries(Object.entries(names).map(([code, name]) => [code, { name, tag: 'info' as const }]))
}

/** A yes/no filter chosen as 'true'/'false' text (a select's values) as the boolean an API takes; undefined = all. */
export function booleanChoice(text: string | undefined | null): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined
}
