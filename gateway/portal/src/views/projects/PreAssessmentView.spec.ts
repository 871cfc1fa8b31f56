import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { click, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { exAnte, project, projectId } from '@/test/projectsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const assessing = project({ status: 'PRE_ASSESSING', targetSetId: 't1' })

function api(routes: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/projects': () => page([assessing]),
    [`GET /api/projects/${projectId}/ex-ante`]: () => exAnte(),
    ...routes,
  })
}

async function openScoring(role = 'performance-officer') {
  const mounted = await mountPortal('/projects/pre-assessment', testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  await click(document.querySelector('[data-testid="exante-open"]'))
  return mounted
}

async function score(points: string[]) {
  const dimensions = ['necessity', 'economy', 'targets', 'feasibility', 'compliance']
  for (const [i, dimension] of dimensions.entries()) await typeInto(document, `[data-testid="exante-points-${dimension}"]`, points[i] ?? '')
}

const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim()
const reasonOf = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.closest<HTMLElement>('[data-reason]')?.dataset.reason

describe('事前绩效评估', () => {
  it('lists only projects under assessment', async () => {
    const gateway = api()
    await openScoring()

    expect(gateway.calls('GET /api/projects')[0]?.query.get('status')).toBe('PRE_ASSESSING')
    expect(text('exante-queue')).toContain('校舍维修改造项目')
  })

  it('passes at exactly the pass mark: 17 × 5 = 85.00', async () => {
    api()
    await openScoring()

    await score(['17', '17', '17', '17', '17'])

    expect(text('exante-total')).toBe('85.00')
    expect(text('exante-verdict')).toBe('通过')
  })

  it('fails one hundredth below it: 84.99', async () => {
    api()
    await openScoring()

    await score(['17', '17', '17', '17', '16.99'])

    expect(text('exante-total')).toBe('84.99')
    expect(text('exante-verdict')).toBe('不通过')
  })

  it('refuses 予以支持 below the pass mark but allows 不予支持', async () => {
    const gateway = api()
    await openScoring()
    await score(['17', '17', '17', '17', '16.99'])
    const conclusion = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="exante-conclusion"]')!
    conclusion.value = '立项依据不足'
    conclusion.dispatchEvent(new Event('input'))

    await click(document.querySelector('[data-outcome="SUPPORTED"] input'))
    expect(reasonOf('exante-complete')).toBe('总分低于及格分，不能予以支持或调整后支持')

    await click(document.querySelector('[data-outcome="NOT_SUPPORTED"] input'))
    expect(reasonOf('exante-complete')).toBeUndefined()
    expect(gateway.calls(`POST /api/projects/${projectId}/ex-ante/complete`)).toHaveLength(0)
  })

  it('marks a score above the dimension’s maximum and saves the scores as numbers', async () => {
    const gateway = api({ [`PUT /api/projects/${projectId}/ex-ante`]: () => exAnte({ version: 4 }) })
    await openScoring()

    await score(['20.01', '18', '', '', ''])
    expect(text('exante-points-error')).toBe('得分不能超过20.00分')
    expect(reasonOf('exante-save')).toBe('请先更正标红的得分')

    await score(['20', '18.5', '', '', ''])
    await click(document.querySelector('[data-testid="exante-save"]'))

    const sent = gateway.calls(`PUT /api/projects/${projectId}/ex-ante`)[0]?.body as { scores: { points: number | null }[]; version: number }
    expect(sent.scores.map((s) => s.points)).toEqual([20, 18.5, null, null, null])
    expect(sent.version).toBe(3)
  })

  it('completes with the outcome and conclusion chosen, after saving the scores', async () => {
    // Saving the scores answers with the assessment as stored, which has no outcome or conclusion yet.
    const gateway = api({
      [`PUT /api/projects/${projectId}/ex-ante`]: () => exAnte({ version: 4 }),
      [`POST /api/projects/${projectId}/ex-ante/complete`]: () => exAnte({ version: 5, outcome: 'SUPPORTED', conclusion: '立项依据充分' }),
    })
    await openScoring()
    await score(['18', '18', '18', '18', '18'])
    await click(document.querySelector('[data-outcome="SUPPORTED"] input'))
    const conclusion = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="exante-conclusion"]')!
    conclusion.value = '立项依据充分'
    conclusion.dispatchEvent(new Event('input'))
    await flushPromises()

    expect(reasonOf('exante-complete')).toBeUndefined()
    await click(document.querySelector('[data-testid="exante-complete"]'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))
    await flushPromises()

    expect(gateway.calls(`PUT /api/projects/${projectId}/ex-ante`)).toHaveLength(1)
    const sent = gateway.calls(`POST /api/projects/${projectId}/ex-ante/complete`)[0]?.body as { outcome: string; conclusion: string; version: number }
    expect(sent).toEqual({ outcome: 'SUPPORTED', conclusion: '立项依据充分', version: 4 })
  })

  it('shows the form read-only to a user who may not score', async () => {
    api()
    await openScoring('unit-filer')

    expect(document.querySelector<HTMLInputElement>('input[data-testid="exante-points-necessity"]')?.disabled).toBe(true)
    expect(document.querySelector('[data-testid="exante-complete"]')).toBeNull()
  })
})
