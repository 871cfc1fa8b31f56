import type { TargetSetQuery } from '@/api/targetsContracts'
import { booleanChoice } from '@/format/labels'

/** The target-set list filters as the screen holds them: 重点 as a select's text. */
export interface TargetSetFilters extends TargetSetQuery {
  key?: string
}

export const targetSetQuery = ({ key, ...rest }: TargetSetFilters): TargetSetQuery => ({ ...rest, isKey: booleanChoice(key) })
