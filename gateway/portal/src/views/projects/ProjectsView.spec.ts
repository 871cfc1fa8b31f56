import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { click, expectFieldError, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { project, projectId } from '@/test/projectsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

type Routes = Parameters<typeof fakeApi>[0]

function api(overrides: Routes = {}) {
  return fakeApi({
    'GET /api/projects': () =>
      page([project(), project({ id: 'p2', name: '学生资助项目', status: 'RETURNED', isNew: false, requestedAmount: 2_999_999.99, targetSetStatus: 'DRAFT', targetSetId: 't2' })], 42),
    [`GET /api/projects/${projectId}`]: () => project(),
    [`GET /api/projects/${projectId}/history`]: () => [],
    [`GET /api/projects/${projectId}/ex-ante`]: () => jsonResponse({ status: 404 }, 404),
    ...overrides,
  })
}

async function open(role: string | string[] = 'unit-filer') {
  const mounted = await mountPortal('/projects/declaration', testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? ''

describe('项目申报 list', () => {
  it('lists projects with status tags, amounts in 万元 and whether targets were filed', async () => {
    api()
    await open()

    const table = text('project-rows')
    expect(table).toContain('校舍维修改造项目')
    expect(table).toContain('XM-2027-140322-000123')
    expect(table).toContain('草稿')
    expect(table).toContain('已退回')
    expect(table).toContain('300.00')
    expect(table).toContain('未编报')
    expect(table).toContain('延续')
    expect(wrapper!.find('.pager').text()).toContain('42')
  })

  it('searches from the first page with the filters as the API names them', async () => {
    const gateway = api()
    await open()

    await typeInto(document, '[data-testid="project-filter-q"]', '校舍')
    await click(document.querySelector('[data-testid="project-search"]'))

    const last = gateway.calls('GET /api/projects').at(-1)!
    expect(last.query.get('q')).toBe('校舍')
    expect(last.query.get('page')).toBe('1')
    expect(last.query.has('isNew')).toBe(false)
    expect(last.query.has('regionCode')).toBe(false)
  })

  it('offers filing, import and the region filter only to those who use them', async () => {
    api()
    await open('unit-filer')
    expect(document.querySelector('[data-testid="project-create"]')).not.toBeNull()
    expect(wrapper!.text()).not.toContain('区划')
    wrapper!.unmount()

    fakeApi({ 'GET /api/projects': () => page([]), 'GET /api/identity/regions': () => [] })
    await open('budget-officer')
    expect(document.querySelector('[data-testid="project-create"]')).toBeNull()
    expect(document.querySelector('[data-testid="project-export"]')).not.toBeNull()
    expect(wrapper!.find('.el-form').text()).toContain('区划')
  })

  it('downloads every row matching the filters as Excel', async () => {
    const saved: string[] = []
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:export')
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download)
    })
    const gateway = api({
      'GET /api/projects/export.xlsx': () => new Response(new Blob(['xlsx']), { headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
    })
    await open()

    await typeInto(document, '[data-testid="project-filter-q"]', '校舍')
    await click(document.querySelector('[data-testid="project-export"]'))

    const call = gateway.calls('GET /api/projects/export.xlsx')[0]!
    expect(call.query.get('q')).toBe('校舍')
    expect(call.query.has('page')).toBe(false)
    expect(saved).toEqual(['项目清单.xlsx'])
  })
})

describe('新建项目', () => {
  async function fill(name: string, wan: string) {
    await click(document.querySelector('[data-testid="project-create"]'))
    await typeInto(openDialog(), '[data-testid="project-field-name"]', name)
    await typeInto(openDialog(), '[data-testid="project-field-amount"]', wan)
    await click(openDialog().querySelector('[data-testid="project-save"]'))
  }

  it('sends the amount in 元 with an Idempotency-Key and opens the new project', async () => {
    const gateway = api({ 'POST /api/projects': () => jsonResponse(project(), 201) })
    const { router } = await open()

    await fill('校舍维修改造项目', '300.00')

    const [sent] = gateway.calls('POST /api/projects')
    expect(sent?.body).toMatchObject({ name: '校舍维修改造项目', requestedAmount: 3_000_000, kind: 'project', isNew: true, fundingSource: '一般公共预算', version: null })
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(`/projects/${projectId}`))
  })

  it('refuses an amount that is not 万元 to the cent before sending anything', async () => {
    const gateway = api()
    await open()

    await fill('校舍维修改造项目', '300.1234567')

    await expectFieldError(openDialog(), '申报金额', '请输入以万元为单位的金额，最多六位小数')
    expect(gateway.calls('POST /api/projects')).toHaveLength(0)
  })

  it('shows the server’s field errors at the fields they name', async () => {
    const gateway = api({
      'POST /api/projects': () =>
        jsonResponse(
          {
            title: '数据未通过校验',
            status: 422,
            errors: { requestedAmount: ['送审金额超过部门年度控制数'], Name: ['本年度已有同名项目'], '$.contactPhone': ['联系电话无效'] },
          },
          422,
        ),
    })
    await open()

    await fill('校舍维修改造项目', '300')

    await expectFieldError(openDialog(), '申报金额', '送审金额超过部门年度控制数')
    await expectFieldError(openDialog(), '项目名称', '本年度已有同名项目')
    await expectFieldError(openDialog(), '联系电话', '联系电话无效')
    const keys = gateway.calls('POST /api/projects').map((c) => c.headers.get('Idempotency-Key'))

    // A corrected form is a new command: the refused one's key is not reused.
    await click(openDialog().querySelector('[data-testid="project-save"]'))
    const again = gateway.calls('POST /api/projects').map((c) => c.headers.get('Idempotency-Key'))
    expect(again).toHaveLength(2)
    expect(again[1]).not.toBe(keys[0])
  })
})

describe('导入', () => {
  function chooseFile(name: string, size = 10) {
    const input = openDialog().querySelector<HTMLInputElement>('input[type="file"]')!
    const file = new File(['x'.repeat(size)], name, { type: 'text/csv' })
    Object.defineProperty(input, 'files', { value: [file] })
    input.dispatchEvent(new Event('change'))
  }

  it('sends the file with the job id it polls, and lists every refused row', async () => {
    const failed = {
      id: 'job',
      kind: 'projects',
      fileName: '项目.csv',
      status: 'failed',
      total: 3,
      processed: 3,
      imported: 0,
      errors: [
        { row: 2, field: '送审金额(元)', message: '送审金额必须是不小于0的数字' },
        { row: 4, field: '项目类型', message: '项目类型只能是项目、政策或部门整体' },
      ],
      startedAt: '2026-03-01T08:00:00Z',
      finishedAt: '2026-03-01T08:00:01Z',
    }
    const gateway = api({ 'POST /api/projects/imports': () => jsonResponse(failed, 422) })
    await open()
    await click(document.querySelector('[data-testid="project-import"]'))

    chooseFile('项目.csv')
    await flushPromises()
    await click(openDialog().querySelector('[data-testid="import-start"]'))

    const [upload] = gateway.calls('POST /api/projects/imports')
    expect(upload?.body).toBeInstanceOf(FormData)
    expect((upload?.body as FormData).get('file')).toBeInstanceOf(File)
    expect(upload?.headers.get('Import-Job-Id')).toMatch(/^[0-9a-f-]{36}$/)
    const errors = openDialog().querySelector('[data-testid="import-errors"]')?.textContent ?? ''
    expect(errors).toContain('送审金额必须是不小于0的数字')
    expect(errors).toContain('项目类型只能是项目、政策或部门整体')
    expect(openDialog().querySelector('[data-testid="import-failed"]')?.textContent).toContain('2 处错误，文件中的数据均未导入')
  })

  it('refuses a file that is neither csv nor xlsx without uploading it', async () => {
    const gateway = api()
    await open()
    await click(document.querySelector('[data-testid="project-import"]'))

    chooseFile('项目.pdf')
    await flushPromises()

    expect(openDialog().querySelector('[data-testid="import-failed"]')?.textContent).toContain('只能导入 .csv 或 .xlsx 文件')
    expect(openDialog().querySelector<HTMLButtonElement>('[data-testid="import-start"]')?.disabled).toBe(true)
    expect(gateway.calls('POST /api/projects/imports')).toHaveLength(0)
  })
})
