import { createRouter, createWebHistory, type RouteComponent, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import { callbackPath } from '@/auth/settings'
import { navigation, navPages } from '@/navigation'
import { installAuthGuard } from './authGuard'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** The menu area a page belongs to, for the breadcrumb. */
    area?: string
    summary?: string
    /** Open to visitors who have not signed in. */
    public?: boolean
    /** Only users holding one of these roles may open the page. */
    roles?: readonly string[]
    /** `public`: the visitors' frame (no menu, no user area) instead of the portal shell. */
    layout?: 'public'
  }
}

export const productName = '预算绩效管理平台'

type Lazy = () => Promise<RouteComponent>

/** Pages whose capability has been delivered; every other menu page shows the placeholder. */
export const deliveredScreens: Readonly<Record<string, Lazy>> = {
  '/admin/regions': () => import('@/views/admin/RegionsView.vue'),
  '/admin/organisations': () => import('@/views/admin/OrganisationsView.vue'),
  '/admin/users': () => import('@/views/admin/UsersView.vue'),
  '/projects/declaration': () => import('@/views/projects/ProjectsView.vue'),
  '/projects/pre-assessment': () => import('@/views/projects/PreAssessmentView.vue'),
  '/projects/budget-review': () => import('@/views/projects/BudgetReviewView.vue'),
  '/targets/management': () => import('@/views/targets/TargetSetsView.vue'),
  '/targets/indicators': () => import('@/views/targets/IndicatorLibraryView.vue'),
  '/targets/key-package': () => import('@/views/targets/KeyPackageView.vue'),
}

/** Pages reached from a list rather than the menu; they belong to an area for the breadcrumb. */
const detailPages: RouteRecordRaw[] = [
  {
    path: '/projects/budget-review/:id',
    component: () => import('@/views/projects/ReviewBatchView.vue'),
    meta: { title: '评审批次', area: '项目库' },
  },
  { path: '/projects/:id', component: () => import('@/views/projects/ProjectDetailView.vue'), meta: { title: '项目详情', area: '项目库' } },
  // `new` before `:id`, so the new-set page is not read as a set called "new".
  { path: '/targets/sets/new', component: () => import('@/views/targets/TargetSetEditorView.vue'), meta: { title: '编报绩效目标', area: '绩效目标' } },
  { path: '/targets/sets/:id', component: () => import('@/views/targets/TargetSetEditorView.vue'), meta: { title: '绩效目标表', area: '绩效目标' } },
]

/** 绩效目标公开: published targets are open to anyone, without signing in. */
const publicPages: RouteRecordRaw[] = [
  {
    path: '/public/targets',
    name: 'public-targets',
    component: () => import('@/views/public/PublicTargetSetsView.vue'),
    meta: { title: '绩效目标公开', public: true, layout: 'public' },
  },
  {
    path: '/public/targets/:id',
    name: 'public-target-set',
    component: () => import('@/views/public/PublicTargetSetView.vue'),
    meta: { title: '绩效目标公开', public: true, layout: 'public' },
  },
]

export function buildRoutes(): RouteRecordRaw[] {
  const placeholder = () => import('@/views/AreaPlaceholderView.vue')
  const groups: RouteRecordRaw[] = navigation.flatMap((area) => {
    const first = area.pages?.[0]
    return first ? [{ path: area.path, redirect: first.path }] : []
  })
  const pages: RouteRecordRaw[] = navPages().map(({ area, page }) => ({
    path: page.path,
    component: deliveredScreens[page.path] ?? placeholder,
    meta: { title: page.title, area: area.title, summary: page.summary, roles: page.roles ?? area.roles },
  }))

  return [
    // The 工作台 shows whether the platform is up to anyone; everything else needs a user.
    { path: '/', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '工作台', public: true } },
    ...groups,
    ...pages,
    ...detailPages,
    ...publicPages,
    {
      path: callbackPath,
      name: 'auth-callback',
      component: () => import('@/views/AuthCallbackView.vue'),
      meta: { title: '正在登录', public: true },
    },
    {
      path: '/auth/unavailable',
      name: 'signin-unavailable',
      component: () => import('@/views/SignInUnavailableView.vue'),
      meta: { title: '无法登录', public: true },
    },
    {
      path: '/forbidden',
      name: 'forbidden',
      component: () => import('@/views/ForbiddenView.vue'),
      meta: { title: '无权访问', public: true },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/views/NotFoundView.vue'),
      meta: { title: '页面不存在', public: true },
    },
  ]
}

export function createPortalRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes: buildRoutes() })
  installAuthGuard(router)
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${productName}` : productName
  })
  return router
}
