import { describe, expect, it, vi } from 'vitest'
import { idempotent } from './files'
import { ApiError } from './http'

const answered = () => new ApiError({ kind: 'http', status: 422, title: '数据未通过校验', detail: '请修改' })
const lost = () => new ApiError({ kind: 'network', status: 0, title: '网络连接失败', detail: '请重试' })

describe('idempotent create commands', () => {
  it('retries with the same key when the last attempt got no answer', async () => {
    const send = vi.fn<(key: string, name: string) => Promise<string>>().mockRejectedValueOnce(lost()).mockResolvedValueOnce('created')
    const create = idempotent(send)

    await expect(create('项目')).rejects.toThrow()
    await create('项目')

    expect(send.mock.calls[1]?.[0]).toBe(send.mock.calls[0]?.[0])
  })

  it('uses a new key after any answer, refused or not', async () => {
    const send = vi.fn<(key: string) => Promise<string>>().mockRejectedValueOnce(answered()).mockResolvedValue('created')
    const create = idempotent(send)

    await expect(create()).rejects.toThrow()
    await create()
    await create()

    const keys = send.mock.calls.map(([key]) => key)
    expect(new Set(keys).size).toBe(3)
  })
})
