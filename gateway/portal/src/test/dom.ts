import { flushPromises } from '@vue/test-utils'
import { expect, vi } from 'vitest'

/** The dialog on top (Element Plus keeps closed dialogs in the document, hidden). */
export function openDialog(): HTMLElement {
  const open = [...document.querySelectorAll<HTMLElement>('.el-overlay')].filter((o) => o.style.display !== 'none')
  const dialog = open.at(-1)?.querySelector<HTMLElement>('.el-dialog, .el-message-box')
  if (!dialog) throw new Error('no dialog is open')
  return dialog
}

export async function click(element: Element | null | undefined): Promise<void> {
  if (!element) throw new Error('nothing to click')
  ;(element as HTMLElement).click()
  await flushPromises()
  await flushPromises()
}

/** Types into an ElInput; Element Plus puts the attributes given to ElInput on the <input> itself. */
export async function typeInto(root: ParentNode, selector: string, value: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>(`input${selector}`)
  if (!input) throw new Error(`no input ${selector}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

function fieldError(root: ParentNode, label: string): string | undefined {
  const item = [...root.querySelectorAll('.el-form-item')].find((i) => i.querySelector('.el-form-item__label')?.textContent === label)
  return item?.querySelector('.el-form-item__error')?.textContent?.trim()
}

/** Element Plus shows a field's message once its state has settled (a short debounce). */
export async function expectFieldError(root: ParentNode, label: string, message: string): Promise<void> {
  await vi.waitFor(() => expect(fieldError(root, label)).toBe(message))
}

/** The text of the toasts (ElMessage) on screen. */
export function messages(): string[] {
  return [...document.querySelectorAll('.el-message')].map((m) => m.textContent?.trim() ?? '')
}
