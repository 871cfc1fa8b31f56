// What every administration dialog does with its form: start clean each time it opens, validate
// before sending, show the server's field errors at the fields, and close only when the save worked.

import type { FormInstance } from 'element-plus'
import { ref, useTemplateRef, watch, type Ref } from 'vue'
import { useFormFailure } from './failures'

/**
 * The dialog's `<ElForm>` must carry `ref="dialogForm"`.
 *
 * @param open the dialog's v-model
 * @param fields the request's field names, so server errors land at the matching form items
 * @param fill puts the record being edited (or blanks) into the form; runs whenever the dialog opens
 */
export function useDialogForm(open: Ref<boolean>, fields: readonly string[], fill: () => void) {
  const formRef = useTemplateRef<FormInstance>('dialogForm')
  const saving = ref(false)
  const { failure, clear, show } = useFormFailure(fields)

  watch(
    open,
    (isOpen) => {
      if (!isOpen) return
      fill()
      clear()
      formRef.value?.clearValidate()
    },
    { immediate: true },
  )

  /** Validates, then runs `save`; the dialog closes when it succeeds and shows the failure when not. */
  async function submit(save: () => Promise<void>): Promise<void> {
    clear()
    if (!(await formRef.value?.validate().catch(() => false))) return
    saving.value = true
    try {
      await save()
      open.value = false
    } catch (error) {
      show(error)
    } finally {
      saving.value = false
    }
  }

  return { saving, failure, submit }
}
