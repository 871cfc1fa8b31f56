import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { failureOf } from './failures'

function refused(status: number, init: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) {
  return new ApiError({ kind: 'http', status, title: '请求有误', detail: '请检查后重新提交。', ...init })
}

const fields = ['userName', 'organisationId', 'roles']

describe('failureOf', () => {
  it('puts each field message at its field, whatever casing or JSON path the server used', () => {
    const error = refused(400, { errors: { userName: ['用户名已存在'], '$.organisationId': ['单位不存在'], 'Roles[0]': ['未知角色'] } })

    expect(failureOf(error, fields)).toEqual({
      fields: { userName: '用户名已存在', organisationId: '单位不存在', roles: '未知角色' },
      message: null,
    })
  })

  it('shows messages for fields the form does not have above the form', () => {
    const error = refused(422, { errors: { userName: ['用户名已存在'], region: ['不能在上级区划创建用户'] } })

    expect(failureOf(error, fields)).toEqual({ fields: { userName: '用户名已存在' }, message: '不能在上级区划创建用户' })
  })

  it('says 无权操作 for 403, whatever the server wrote', () => {
    expect(failureOf(refused(403, { title: '没有操作权限', errors: { roles: ['x'] } }), fields)).toEqual({ fields: {}, message: '无权操作' })
  })

  it('shows the server’s detail for 409', () => {
    expect(failureOf(refused(409, { detail: '用户名 140322.new 已被使用。' }), fields)).toEqual({
      fields: {},
      message: '用户名 140322.new 已被使用。',
    })
  })

  it('shows title and detail for other failures', () => {
    expect(failureOf(refused(503, { title: '服务暂不可用', detail: '请稍后重试。' })).message).toBe('服务暂不可用：请稍后重试。')
  })

  it('has a Chinese message for something that is not an API error', () => {
    expect(failureOf(new TypeError('x')).message).toBe('操作失败，请稍后重试。')
  })
})
