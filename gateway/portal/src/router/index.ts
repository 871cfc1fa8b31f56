import { createRouter, createWebHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import { navigation, navPages } from '@/navigation'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** The menu area a page belongs to, for the breadcrumb. */
    area?: string
    summary?: string
  }
}

export const productName = '预算绩效管理平台'

export function buildRoutes(): RouteRecordRaw[] {
  const placeholder = () => import('@/views/AreaPlaceholderView.vue')
  const groups: RouteRecordRaw[] = navigation.flatMap((area) => {
    const first = area.pages?.[0]
    return first ? [{ path: area.path, redirect: first.path }] : []
  })
  const pages: RouteRecordRaw[] = navPages().map(({ area, page }) => ({
    path: page.path,
    component: placeholder,
    meta: { title: page.title, area: area.title, summary: page.summary },
  }))

  return [
    { path: '/', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '工作台' } },
    ...groups,
    ...pages,
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/views/NotFoundView.vue'),
      meta: { title: '页面不存在' },
    },
  ]
}

export function createPortalRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes: buildRoutes() })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${productName}` : productName
  })
  return router
}
