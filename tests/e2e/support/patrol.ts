/** What the field page's patrol report form says, in each language. */
export const PATROL_TEXT = {
  'zh-CN': {
    search: '路灯',
    category: '路灯',
    answer: '夜间不亮',
    useLocation: '使用我的位置',
    send: '发送上报',
    waiting: (n: number) => `待发送（${n}）`,
    queued: '当前离线',
  },
  en: {
    search: 'street light',
    category: 'Street light',
    answer: 'Off at night',
    useLocation: 'Use my location',
    send: 'Send report',
    waiting: (n: number) => `Waiting to send (${n})`,
    queued: 'You are offline',
  },
} as const;
