import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { IndicatorDto, SaveTargetSetRequest } from '@/api/targetsContracts'
import { click, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { project, projectId } from '@/test/projectsData'
import { indicator, libraryEntry, setId, targetSet } from '@/test/targetsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

type Routes = Parameters<typeof fakeApi>[0]

function api(overrides: Routes = {}) {
  return fakeApi({
    [`GET /api/targets/sets/${setId}`]: () => targetSet(),
    [`GET /api/targets/sets/${setId}/history`]: () => [],
    [`GET /api/targets/sets/${setId}/revisions`]: () => [],
    'GET /api/targets/library': () => page([libraryEntry()]),
    ...overrides,
  })
}

async function open(role: string | string[] = 'unit-filer', path = `/targets/sets/${setId}`) {
  const mounted = await mountPortal(path, testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim()
const reasonOf = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.closest<HTMLElement>('[data-reason]')?.dataset.reason
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="indicator-row"]')]
const rowNamed = (name: string) => rows().find((r) => r.querySelector<HTMLInputElement>('input[data-testid="indicator-name"]')?.value === name)!

// The editor mounts a form per indicator; on a busy machine happy-dom needs well over the default.
describe('绩效目标表 editor', { timeout: 90_000 }, () => {
  it('shows the indicator tree grouped 一级 → 二级 with Σ分值 100.00 and no hint', async () => {
    api()
    await open()

    const sections = [...document.querySelectorAll<HTMLElement>('section.level1')].map((s) => s.querySelector('h3')?.textContent)
    expect(sections).toEqual(['产出指标（1）', '效益指标（1）', '满意度指标（1）', '成本指标（0）'])
    expect(text('target-points-total')).toBe('100.00')
    expect(document.querySelector('[data-testid="target-points-hint"]')).toBeNull()
    expect(reasonOf('target-submit')).toBeUndefined()
  })

  it('says Σ must be 100 at 99.99 and keeps 提交 disabled until it is', async () => {
    api()
    await open()

    await typeInto(rowNamed('维修校舍面积'), '[data-testid="indicator-points"]', '39.99')

    expect(text('target-points-total')).toBe('99.99')
    expect(text('target-points-hint')).toBe('各指标分值合计必须为100分，当前合计99.99分')
    expect(reasonOf('target-submit')).toBe('各指标分值合计必须为100分才能提交')

    await typeInto(rowNamed('维修校舍面积'), '[data-testid="indicator-points"]', '40.00')
    expect(document.querySelector('[data-testid="target-points-hint"]')).toBeNull()
  })

  it('checks the scoring bands of a qualitative indicator as they are typed', async () => {
    api()
    await open()
    const satisfaction = rowNamed('师生满意度')
    expect(satisfaction.querySelector('[data-testid="bands-error"]')).toBeNull()

    await typeInto(satisfaction, '[data-testid="band-min"]', '0.85')
    expect(satisfaction.querySelector('[data-testid="bands-error"]')?.textContent).toBe('评分档次之间有空档')

    await typeInto(satisfaction, '[data-testid="band-min"]', '0.75')
    expect(satisfaction.querySelector('[data-testid="bands-error"]')?.textContent).toBe('评分档次之间有重叠')
  })

  it('inserts a published library entry as an indicator and saves it with its library id', async () => {
    const gateway = api({ [`PUT /api/targets/sets/${setId}`]: (request) => targetSet({ indicators: (request.body as SaveTargetSetRequest).indicators ?? [] }) })
    await open()

    await click(document.querySelector('[data-testid="target-insert-library"]'))
    expect(gateway.calls('GET /api/targets/library')[0]?.query.get('status')).toBe('PUBLISHED')
    await click(openDialog().querySelector('[data-testid="library-picker-rows"] .el-table__body .el-checkbox'))
    await click(openDialog().querySelector('[data-testid="library-picker-insert"]'))

    const inserted = rowNamed('维修工程验收合格率')
    expect(inserted.dataset.level1).toBe('output')
    expect(inserted.querySelector<HTMLInputElement>('input[data-testid="indicator-unit"]')?.value).toBe('%')
    expect(text('target-points-total')).toBe('100.00')

    await typeInto(rowNamed('维修校舍面积'), '[data-testid="indicator-points"]', '30')
    await typeInto(inserted, '[data-testid="indicator-points"]', '10')
    await click(document.querySelector('[data-testid="target-save"]'))

    const sent = gateway.calls(`PUT /api/targets/sets/${setId}`)[0]?.body as SaveTargetSetRequest
    expect(sent.version).toBe(12)
    expect(sent.indicators?.map((i: IndicatorDto) => [i.name, i.points, i.libraryEntryId])).toEqual([
      ['维修校舍面积', 30, null],
      ['维修工程验收合格率', 10, 'lib-1'],
      ['校舍安全隐患消除率', 40, null],
      ['师生满意度', 20, null],
    ])
  })

  it('puts the service’s refusal of a submit at the indicator and field it names', async () => {
    api({
      [`POST /api/targets/sets/${setId}/submit`]: () =>
        jsonResponse({ title: '数据未通过校验', status: 422, errors: { 'indicators[1].unit': ['定量指标须填写计量单位'] } }, 422),
    })
    await open()

    await click(document.querySelector('[data-testid="target-submit"]'))

    const benefit = rowNamed('校舍安全隐患消除率')
    expect(benefit.textContent).toContain('定量指标须填写计量单位')
    expect(rowNamed('维修校舍面积').textContent).not.toContain('定量指标须填写计量单位')
    expect(text('target-failure')).toBe('部分指标未通过校验，请按标红的提示修改')
  })

  it('starts a new set from its project and creates it once with an Idempotency-Key', async () => {
    const created = targetSet({ id: 'new-set' })
    const gateway = api({
      [`GET /api/projects/${projectId}`]: () => project(),
      'POST /api/targets/sets': () => jsonResponse(created, 201),
      'GET /api/targets/sets/new-set': () => created,
      'GET /api/targets/sets/new-set/history': () => [],
      'GET /api/targets/sets/new-set/revisions': () => [],
    })
    const { router } = await open('unit-filer', `/targets/sets/new?projectId=${projectId}`)

    expect(document.querySelector<HTMLInputElement>('input[data-testid="target-field-owner-name"]')?.value).toBe('校舍维修改造项目')
    expect(document.querySelector<HTMLInputElement>('input[data-testid="target-field-amount"]')?.value).toBe('300.00')
    expect(reasonOf('target-apply-template')).toBe('请先保存目标表，再套用模板')

    await click(document.querySelector('[data-testid="target-save"]'))

    const [sent] = gateway.calls('POST /api/targets/sets')
    expect(sent?.headers.get('Idempotency-Key')).toBeTruthy()
    expect(sent?.body).toMatchObject({ ownerType: 'project', projectId, ownerName: '校舍维修改造项目', amount: 3_000_000, version: null })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/targets/sets/new-set'))
  })

  it('opens the project’s live set instead of starting a second one', async () => {
    api({
      [`GET /api/projects/${projectId}`]: () => project(),
      [`GET /api/targets/sets/by-project/${projectId}`]: () => targetSet(),
    })
    const { router } = await open('unit-filer', `/targets/sets/new?projectId=${projectId}`)

    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(`/targets/sets/${setId}`))
    await vi.waitFor(() => expect(rows()).toHaveLength(3))
  })

  it('shows a submitted set read-only to its filer, with the reviewers’ comments at their indicators', async () => {
    api({
      [`GET /api/targets/sets/${setId}`]: () =>
        targetSet({
          status: 'SUBMITTED',
          indicators: [
            indicator({ comments: [{ stage: 'department', comment: '指标值偏低，请参照上年实际', reviewerName: '盂县教育局审核员', at: '2026-03-06T08:00:00Z' }] }),
            indicator({ id: 'i2', level1: 'benefit', level2: 'social', name: '隐患消除率', points: 60 }),
          ],
        }),
    })
    await open()

    expect(document.querySelector<HTMLInputElement>('input[data-testid="indicator-name"]')?.disabled).toBe(true)
    expect(document.querySelector('[data-testid="target-add-indicator-output"]')).toBeNull()
    expect(reasonOf('target-save')).toBe('只有草稿状态的目标表可以修改')
    expect(text('indicator-comments')).toContain('主管部门审核·盂县教育局审核员：指标值偏低，请参照上年实际')
  })

  it('lets the 业务科室 reviewer reject with a reason and comments on indicators', async () => {
    const gateway = api({
      [`GET /api/targets/sets/${setId}`]: () => targetSet({ status: 'DEPT_REVIEWED' }),
      [`POST /api/targets/sets/${setId}/review`]: () => targetSet({ status: 'DRAFT', revision: 2 }),
    })
    await open('business-reviewer')
    expect(document.querySelector('[data-testid="target-save"]')).toBeNull()

    await click(document.querySelector('[data-testid="target-reject"]'))
    expect(openDialog().querySelector<HTMLButtonElement>('[data-testid="review-confirm"]')?.disabled).toBe(true)
    const reason = openDialog().querySelector<HTMLTextAreaElement>('textarea[data-testid="review-reason"]')!
    reason.value = '效益指标不可衡量'
    reason.dispatchEvent(new Event('input'))
    await typeInto(openDialog(), '[data-testid="review-comment"]', '请量化')
    await click(openDialog().querySelector('[data-testid="review-confirm"]'))

    expect(gateway.calls(`POST /api/targets/sets/${setId}/review`)[0]?.body).toEqual({
      decision: 'reject',
      reason: '效益指标不可衡量',
      comments: [{ indicatorId: 'i1', comment: '请量化' }],
      version: 12,
    })
    await vi.waitFor(() => expect(text('target-status')).toBe('草稿'))
  })

  it('lists earlier revisions with the reason they were sent back, and shows one read-only', async () => {
    const rejected = targetSet({
      revision: 1,
      status: 'DRAFT',
      indicators: [indicator({ comments: [{ stage: 'business', comment: '指标值应不低于上年', reviewerName: '教科文科', at: '2026-03-06T08:00:00Z' }] })],
    })
    api({
      [`GET /api/targets/sets/${setId}`]: () => targetSet({ revision: 2 }),
      [`GET /api/targets/sets/${setId}/revisions`]: () => [
        { id: 'r1', setId, setVersion: 1, revision: 1, status: 'DRAFT', reason: '效益指标不可衡量', snapshot: rejected, createdAt: '2026-03-06T08:00:00Z' },
      ],
    })
    await open()

    await click([...document.querySelectorAll<HTMLElement>('.el-tabs__item')].find((t) => t.textContent === '历史版本'))
    expect(text('target-revisions')).toContain('效益指标不可衡量')
    await click(document.querySelector('[data-testid="target-revision-view"]'))

    expect(openDialog().textContent).toContain('修订 1')
    expect(openDialog().querySelector('[data-testid="indicator-table"]')?.textContent).toContain('教科文科：指标值应不低于上年')
    expect(openDialog().querySelector('input')).toBeNull()
  })

  it('does not offer review to a reviewer whose stage it is not', async () => {
    api({ [`GET /api/targets/sets/${setId}`]: () => targetSet({ status: 'FIN_REVIEW' }) })
    await open('business-reviewer')

    expect(reasonOf('target-approve')).toBe('该目标表处于“待绩效科审核”环节，不由您审核')
  })
})
