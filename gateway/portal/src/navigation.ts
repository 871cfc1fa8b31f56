// The portal's areas, in menu order. The menu and the routes are both built from this list, so an
// area added here appears in both; a capability that delivers its screens replaces `summary` with a
// real component in the router.

import type { Component } from 'vue'
import { Aim, DataAnalysis, FolderOpened, Monitor, OfficeBuilding, Setting, Trophy } from '@element-plus/icons-vue'
import { administratorRoles, financeStaffRoles, platformRoles } from '@/identity/platform'

export interface NavPage {
  path: string
  title: string
  /** What the page will do, shown with its empty state until the capability arrives. */
  summary: string
  /** Only users holding one of these roles see the page and may open it (besides the area's own limit). */
  roles?: readonly string[]
}

export interface NavArea {
  path: string
  title: string
  icon: Component
  /** Leaf areas carry their own summary; group areas list their pages instead. */
  summary?: string
  pages?: readonly NavPage[]
  /** Only users holding one of these roles see the area and may open its pages (the API checks again). */
  roles?: readonly string[]
}

export const navigation: readonly NavArea[] = [
  {
    path: '/projects',
    title: '项目库',
    icon: FolderOpened,
    pages: [
      { path: '/projects/declaration', title: '项目申报', summary: '预算单位在此申报项目，填报测算依据并同步编报绩效目标。' },
      { path: '/projects/pre-assessment', title: '事前绩效评估', summary: '对达到规定金额的新增项目开展事前绩效评估，按五个维度评分并给出评估结论。' },
      { path: '/projects/budget-review', title: '预算评审', summary: '评审机构审定项目金额，统计审减金额与审减率，评审通过的项目纳入项目库。' },
    ],
  },
  {
    path: '/targets',
    title: '绩效目标',
    icon: Aim,
    pages: [
      { path: '/targets/management', title: '目标管理', summary: '项目、政策和部门整体绩效目标的编报、审核、批复与公开。' },
      { path: '/targets/indicators', title: '指标库', summary: '按行业和部门维护共性与个性绩效指标，经专家审定后发布使用。' },
      {
        path: '/targets/key-package',
        title: '重点目标报送',
        summary: '汇总重点绩效目标，随预算草案报送人大审查，可打印和下载。',
        roles: [...financeStaffRoles, platformRoles.overseer],
      },
    ],
  },
  {
    path: '/monitoring',
    title: '运行监控',
    icon: Monitor,
    summary: '按轮次下发监控任务，对预算执行进度和绩效目标完成情况实行“双监控”并亮灯预警。',
  },
  {
    path: '/evaluation',
    title: '绩效评价',
    icon: DataAnalysis,
    pages: [
      { path: '/evaluation/self', title: '自评', summary: '预算单位对已批复绩效目标的项目逐项开展自评并自动计算得分与等级。' },
      { path: '/evaluation/key', title: '重点评价', summary: '财政部门选定项目开展重点评价，管理评价方案、报告初稿、被评价单位意见和最终结论。' },
      { path: '/evaluation/spot-check', title: '抽查复核', summary: '从已提交的自评和部门评价中抽取样本重新评分，保留两次得分与差异原因。' },
      { path: '/evaluation/rectification', title: '整改', summary: '评价发现的问题形成整改事项，明确责任人、期限和佐证材料，跟踪至销号。' },
      { path: '/evaluation/application', title: '结果应用', summary: '按评价等级形成预算安排意见，并反馈到下一年度项目库和预算编制。' },
    ],
  },
  {
    path: '/vendors',
    title: '第三方机构',
    icon: OfficeBuilding,
    summary: '第三方机构的入库、委托、执业质量考核和费用结算管理。',
  },
  {
    path: '/assessment',
    title: '考核',
    icon: Trophy,
    summary: '上级对下级开展预算绩效管理工作考核：下发考核方案、收集材料、评分排名并发布通报。',
  },
  {
    path: '/admin',
    title: '系统管理',
    icon: Setting,
    roles: administratorRoles,
    pages: [
      { path: '/admin/regions', title: '行政区划', summary: '查看本级及下级行政区划，在市级区划下新增开发区。' },
      { path: '/admin/organisations', title: '单位管理', summary: '维护本级及下级的财政部门、预算部门、预算单位和第三方机构。' },
      { path: '/admin/users', title: '用户管理', summary: '创建用户、分配角色、启用停用、重置密码与解除锁定。' },
    ],
  },
]

const open = (limit: readonly string[] | undefined, roles: readonly string[]) => !limit || limit.some((role) => roles.includes(role))

/** The areas a user holding `roles` may see, with only the pages they may open. */
export function visibleAreas(roles: readonly string[], areas: readonly NavArea[] = navigation): NavArea[] {
  return areas
    .filter((area) => open(area.roles, roles))
    .map((area) => (area.pages ? { ...area, pages: area.pages.filter((page) => open(page.roles, roles)) } : area))
}

/** Every page reachable from the menu, with the area it belongs to. */
export function navPages(areas: readonly NavArea[] = navigation): { area: NavArea; page: NavPage }[] {
  return areas.flatMap((area) =>
    area.pages
      ? area.pages.map((page) => ({ area, page }))
      : [{ area, page: { path: area.path, title: area.title, summary: area.summary ?? '' } }],
  )
}
