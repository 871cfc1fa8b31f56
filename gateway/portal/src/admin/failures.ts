// Turns a failed administration call into what the screen shows: messages at the form's fields, and
// one message for the rest (无权操作 for 403, the server's own explanation for 409).

import { reactive } from 'vue'
import { isApiError } from '@/api/http'

export interface Failure {
  /** Field name (as in the request JSON) → first message. */
  fields: Record<string, string>
  /** What to show above the form or as a toast; null when the fields say it all. */
  message: string | null
}

export const forbiddenText = '无权操作'
const unknownText = '操作失败，请稍后重试。'

/** `$.organisationId`, `OrganisationId` and `roles[0]` all belong to the field the form calls organisationId / roles. */
function fieldOf(key: string, fields: readonly string[]): string | undefined {
  const name = key.replace(/^\$\./, '').split(/[.[]/)[0]?.toLowerCase() ?? ''
  return fields.find((field) => field.toLowerCase() === name)
}

/** A server field key as the screens name it: `$.Scores[0].Points` → `scores[0].points`. */
export function fieldPath(key: string): string {
  return key
    .replace(/^\$\./, '')
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.')
}

/** Every server field error by its path (first message each), for forms with rows. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {}
  const result: Record<string, string> = {}
  for (const [key, messages] of Object.entries(error.errors)) if (messages[0]) result[fieldPath(key)] ??= messages[0]
  return result
}

export function failureOf(error: unknown, fields: readonly string[] = []): Failure {
  if (!isApiError(error)) return { fields: {}, message: unknownText }
  if (error.status === 403) return { fields: {}, message: forbiddenText }
  if (error.status === 409) return { fields: {}, message: error.detail }

  const shown: Record<string, string> = {}
  const unplaced: string[] = []
  for (const [key, messages] of Object.entries(error.errors)) {
    const field = fieldOf(key, fields)
    const first = messages[0]
    if (!first) continue
    if (field) shown[field] ??= first
    else unplaced.push(first)
  }
  if (Object.keys(shown).length > 0) return { fields: shown, message: unplaced.length ? unplaced.join('；') : null }
  if (unplaced.length > 0) return { fields: {}, message: unplaced.join('；') }
  return { fields: {}, message: `${error.title}：${error.detail}` }
}

/** Server-side field errors and the form-level message of one form, cleared on each submit. */
export function useFormFailure(fields: readonly string[]) {
  const state = reactive<{ fields: Record<string, string>; message: string | null }>({ fields: {}, message: null })

  function clear(): void {
    state.fields = {}
    state.message = null
  }

  function show(error: unknown): void {
    const failure = failureOf(error, fields)
    state.fields = failure.fields
    state.message = failure.message
  }

  return { failure: state, clear, show }
}
