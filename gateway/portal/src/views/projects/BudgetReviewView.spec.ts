import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReviewReportDto } from '@/api/projectsContracts'
import { click, expectFieldError, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { batchDetail } from '@/test/projectsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const totals = (requested: number, approved: number, rate: number | null, count = 3) => ({
  count,
  requested,
  approved,
  reduction: requested - approved,
  reductionRate: rate,
})

function report(regionCode: string, regionName: string, byRegion: ReviewReportDto['byRegion']): ReviewReportDto {
  return {
    regionCode,
    regionName,
    year: 2027,
    totals: totals(17_500_000, 14_000_000, 0.2),
    byOutcome: [
      { outcome: 'REDUCED', count: 2 },
      { outcome: 'SUPPORTED', count: 1 },
    ],
    byDepartment: [{ key: 'd1', name: '阳泉市教育局', totals: totals(10_000_000, 8_000_000, 0.2) }],
    byRegion,
  }
}

const city = report('140300', '阳泉市', [
  { key: '140322', name: '盂县', totals: totals(15_000_000, 12_000_000, 0.2) },
  { key: '140321', name: '平定县', totals: totals(2_500_000, 2_000_000, 0.2) },
])
const county = report('140322', '盂县', [])

function api() {
  return fakeApi({
    'GET /api/projects/review-batches': () => page([batchDetail().batch]),
    'GET /api/projects/reports/review': (request) => (request.query.get('regionCode') === '140322' ? county : city),
    'GET /api/projects/rules/140322': () => ({
      regionCode: '140322',
      exAnteThreshold: 3_000_000,
      exAnteNewOnly: true,
      exAnteKinds: ['project', 'policy'],
      exAnteFundingSources: [],
      passMark: 85,
      inherited: true,
      version: 2,
    }),
    'PUT /api/projects/rules/140322': (request) => request.body,
  })
}

async function open() {
  const mounted = await mountPortal('/projects/budget-review', testUser({ role: 'performance-officer' }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? ''

describe('预算评审', () => {
  it('lists the batches with the server’s totals and 审减率', async () => {
    api()
    await open()

    const rows = text('batch-rows')
    expect(rows).toContain('2027年度第一批项目预算评审')
    expect(rows).toContain('1,750.00')
    expect(rows).toContain('20.00%')
  })

  it('reports the totals and drills from a city into one of its counties', async () => {
    const gateway = api()
    await open()

    await click([...document.querySelectorAll<HTMLElement>('.el-tabs__item')].find((t) => t.textContent === '评审报表'))
    await vi.waitFor(() => expect(text('report-rate')).toBe('20.00%'))
    expect(text('report-requested')).toBe('1,750.00')
    expect(text('report-reduction')).toBe('350.00')
    expect(text('review-report')).toContain('核减 2 个')
    expect(text('report-by-department')).toContain('阳泉市教育局')

    const drill = [...document.querySelectorAll<HTMLElement>('[data-testid="report-drill"]')].find((b) => b.textContent === '盂县')
    await click(drill)

    await vi.waitFor(() => expect(gateway.calls('GET /api/projects/reports/review').at(-1)?.query.get('regionCode')).toBe('140322'))
    expect(text('review-report-path')).toContain('盂县')
    expect(document.querySelector('[data-testid="report-by-region"]')).toBeNull()
  })

  it('sets the region’s ex-ante threshold in 万元 and sends it in 元', async () => {
    const gateway = api()
    await open()

    await click(document.querySelector('[data-testid="rules-open"]'))
    await vi.waitFor(() => expect(openDialog().querySelector<HTMLInputElement>('input[data-testid="rules-threshold"]')?.value).toBe('300.00'))
    expect(openDialog().textContent).toContain('沿用上级区划的规则')

    await typeInto(openDialog(), '[data-testid="rules-pass-mark"]', '101')
    await click(openDialog().querySelector('[data-testid="rules-save"]'))
    await expectFieldError(openDialog(), '及格分（含）', '及格分应为0到100之间的数，最多两位小数')

    await typeInto(openDialog(), '[data-testid="rules-threshold"]', '500')
    await typeInto(openDialog(), '[data-testid="rules-pass-mark"]', '80')
    await click(openDialog().querySelector('[data-testid="rules-save"]'))

    expect(gateway.calls('PUT /api/projects/rules/140322')[0]?.body).toMatchObject({ exAnteThreshold: 5_000_000, passMark: 80, version: 2 })
  })
})
