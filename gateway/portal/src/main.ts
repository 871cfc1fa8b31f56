import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { connectHttp } from './auth/auth'
import { createPortalRouter } from './router'
import './styles/element-plus'
import './styles/global.css'

connectHttp()
createApp(App).use(createPinia()).use(createPortalRouter()).mount('#app')
