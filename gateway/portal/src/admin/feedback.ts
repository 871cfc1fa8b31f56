// Confirmation before irreversible steps, a reason when one is required, and a toast for the outcome
// of a one-click action.

import { ElMessage, ElMessageBox } from 'element-plus'
import { failureOf } from './failures'

/** True when the user confirms; closing or cancelling the box is a no. */
export async function confirmed(message: string, title: string, confirmButtonText = '确定'): Promise<boolean> {
  return ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText, cancelButtonText: '取消' })
    .then(() => true)
    .catch(() => false)
}

/** Asks for a required reason (退回, 驳回); null when the user cancels. */
export async function promptReason(title: string, message: string, placeholder = '请填写理由'): Promise<string | null> {
  return ElMessageBox.prompt(message, title, {
    confirmButtonText: '确定',
    cancelButtonText: '取消',
    inputType: 'textarea',
    inputPlaceholder: placeholder,
    inputValidator: (value: string) => (value && value.trim() ? true : '理由不能为空'),
  })
    .then(({ value }) => value.trim())
    .catch(() => null)
}

/**
 * Runs one action and says how it went; a refusal is shown (无权操作, the server's reason, else `failed`),
 * never thrown. True when it worked.
 */
export async function runAction(action: () => Promise<unknown>, done: string, failed = '操作失败'): Promise<boolean> {
  try {
    await action()
    ElMessage.success(done)
    return true
  } catch (failure) {
    ElMessage.error(failureOf(failure).message ?? failed)
    return false
  }
}
