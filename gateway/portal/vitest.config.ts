import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // In Node's resolution Element Plus gets the CommonJS async-validator and calls its module
      // object as the validator class: every rule would fail to run and every form pass. The
      // browser build uses the ESM one; so do the tests.
      'async-validator': 'async-validator/dist-web/index.js',
    },
  },
  // Tests compare the portal's copies of identity names with the C# contracts they mirror.
  server: { fs: { allow: ['.', '../../services/Contracts/Identity'] } },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
    // Element Plus is bundled once (so the alias above applies inside it) and loaded from there.
    deps: { optimizer: { client: { enabled: true, include: ['element-plus'] } } },
    unstubGlobals: true,
  },
})
