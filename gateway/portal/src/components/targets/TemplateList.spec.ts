import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { TemplateDto } from '@/api/targetsContracts'
import { click, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { indicator } from '@/test/targetsData'
import TemplatePicker from './TemplatePicker.vue'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const template: TemplateDto = {
  id: 'tpl-1',
  name: '校舍维修精品样本',
  ownerType: 'project',
  sector: '教育',
  sourceSetId: 's1',
  indicators: [indicator()],
  regionCode: '140322',
  createdAt: '2026-03-01T08:00:00Z',
}

describe('模板列表', () => {
  it('lists the templates when their tab opens, searches by name, and offers to view one', async () => {
    const api = fakeApi({ 'GET /api/targets/library': () => page([]), 'GET /api/targets/templates': () => [template] })
    wrapper = (await mountPortal('/targets/indicators', testUser({ role: 'performance_officer' }))).wrapper
    expect(api.calls('GET /api/targets/templates')).toHaveLength(0)

    await click(document.querySelector('#tab-templates'))
    const list = document.querySelector<HTMLElement>('[data-testid="template-list"]')!
    expect(api.calls('GET /api/targets/templates')).toHaveLength(1)
    expect(list.textContent).toContain('校舍维修精品样本')

    const pane = list.closest<HTMLElement>('.el-tab-pane')!
    await typeInto(pane, '[placeholder="模板名称"]', '校舍')
    pane.querySelector('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(api.calls('GET /api/targets/templates').at(-1)!.query.get('q')).toBe('校舍')

    await click([...list.querySelectorAll('button')].find((b) => b.textContent?.includes('查看')))
    expect(openDialog().textContent).toContain('校舍维修精品样本')
  })

  it('asks for the owner type’s templates each time the picker opens and hands the chosen one back', async () => {
    const api = fakeApi({ 'GET /api/targets/templates': () => [template] })
    wrapper = mount(TemplatePicker, { props: { ownerType: 'project', modelValue: false }, attachTo: document.body })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(api.calls('GET /api/targets/templates')).toHaveLength(1)
    expect(api.calls('GET /api/targets/templates')[0]!.query.get('ownerType')).toBe('project')

    await click(openDialog().querySelector('[data-testid="template-choose"]'))
    expect(wrapper.emitted('choose')).toEqual([[template]])

    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await nextTick()
    await flushPromises()
    expect(api.calls('GET /api/targets/templates')).toHaveLength(2)
  })
})
