// Field rules of the administration forms, with the messages users see. The server checks the same
// and more (uniqueness, scope); these only save a round trip.

import type { FormItemRule } from 'element-plus'
import { wanFormatMessage, wanToYuan } from '@/format/money'

export const required = (message: string): FormItemRule => ({ required: true, message, trigger: ['blur', 'change'] })

export const maxLength = (max: number, label: string): FormItemRule => ({
  max,
  message: `${label}不能超过${max}个字`,
  trigger: 'blur',
})

export const pattern = (regex: RegExp, message: string): FormItemRule => ({ pattern: regex, message, trigger: 'blur' })

/** 统一社会信用代码: 18 characters, without I, O, Z, S, V. */
export const creditCodePattern = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** What ASP.NET Core Identity accepts in a user name by default. */
export const userNamePattern = /^[A-Za-z0-9._@+-]{3,64}$/

/** A mobile number, or a landline with its area code. */
export const phonePattern = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const regionCodePattern = /^\d{6}$/

/** An amount typed in 万元: non-negative, to the cent. */
export const wanAmount: FormItemRule = {
  validator: (_rule, value: string, callback) => (!value || wanToYuan(value) !== null ? callback() : callback(new Error(wanFormatMessage))),
  trigger: 'blur',
}
