import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, loadEnv, type ProxyOptions } from 'vite'

// The gateway the dev server forwards API and sign-in calls to. `services__gateway__http__0` is the
// name the AppHost would inject if it ever runs the dev server as a resource.
function gatewayUrl(mode: string): string | undefined {
  const env = loadEnv(mode, process.cwd(), '')
  return env.PORTAL_GATEWAY_URL || env.services__gateway__http__0 || undefined
}

function proxyTo(target: string): Record<string, ProxyOptions> {
  // The Host header is kept so that the identity issuer, which the gateway derives from the request,
  // matches the origin the browser sees during development.
  const options: ProxyOptions = { target, changeOrigin: false, xfwd: true }
  return { '/api': options, '/connect': options, '/.well-known': options, '/account': options }
}

export default defineConfig(({ command, mode }) => {
  const gateway = command === 'serve' ? gatewayUrl(mode) : undefined
  if (command === 'serve' && !gateway) {
    console.warn('PORTAL_GATEWAY_URL is not set: /api, /connect, /.well-known and /account are not proxied.')
  }

  return {
    base: '/',
    plugins: [vue()],
    resolve: {
      alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    },
    server: {
      host: '127.0.0.1',
      proxy: gateway ? proxyTo(gateway) : undefined,
    },
    build: {
      // The gateway serves this folder at `/`.
      outDir: '../wwwroot',
      emptyOutDir: true,
      assetsDir: 'assets',
      rolldownOptions: {
        output: {
          // Libraries change far less often than our screens: separate chunks stay cached across
          // portal releases, and ECharts is only fetched by the pages that draw charts. A group also
          // takes the modules its members import, so Vue's group must claim Vue first. ECharts' group
          // takes only what several charts share (core, renderer, components): each chart type stays
          // with the page that draws it, so the 工作台's gauge does not bring the review report's bars.
          codeSplitting: {
            groups: [
              { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 20, minShareCount: 2 },
              { name: 'oidc', test: /[\\/]node_modules[\\/](oidc-client-ts|jwt-decode)[\\/]/, priority: 20 },
              {
                name: 'element-plus',
                test: /[\\/]node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@popperjs|@sxzz|lodash-es|lodash-unified|dayjs|async-validator|@ctrl|memoize-one|normalize-wheel-es)[\\/]/,
                priority: 10,
              },
              { name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/, priority: 30 },
            ],
          },
        },
      },
    },
  }
})
