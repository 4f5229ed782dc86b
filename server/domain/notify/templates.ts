/**
 * E-mail templates. Each message is written once as blocks per language and rendered to
 * plain text and to HTML from the same blocks, so the two never disagree and every value
 * is escaped in HTML. Cases carry no language hint, so every message holds both
 * languages: zh-CN first, then en.
 */
import type { Priority } from '../org/category.ts';
import type { Stage } from '../cases/case.ts';
import type { ReporterNoticeKind, StaffNoticeKind } from './notices.ts';

/** A rendered e-mail. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A piece of a message: a paragraph, quoted text from a person, a link, or labelled fields. */
export type Block =
  | { p: string }
  | { quote: string }
  | { link: string; url: string }
  | { fields: [string, string][] };

type Locale = 'zh-CN' | 'en';
const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** What every message about a case shows. */
export interface CaseFacts {
  trackingCode: string;
  title: string;
  /** Category names. */
  category: { zh: string; en: string };
  priority: Priority;
  address: string | null;
  timeZone: string;
}

/** What a reporter's message needs. */
export type ReporterMailInput = CaseFacts & {
  kind: ReporterNoticeKind;
  trackUrl: string;
  /** For `closed`: where the reporter rates the answer. */
  rateUrl?: string;
  /** The public comment (`commented`), the answer (`closed`) or the reason (`rejected`). */
  text?: string | null;
};

/** What a staff message needs. */
export type StaffMailInput = CaseFacts & {
  kind: StaffNoticeKind;
  caseUrl: string;
  stage: Stage | null;
  due: string | null;
};

const PRIORITY_NAMES: Record<Priority, Record<Locale, string>> = {
  urgent: { 'zh-CN': '紧急', en: 'urgent' },
  high: { 'zh-CN': '高', en: 'high' },
  normal: { 'zh-CN': '一般', en: 'normal' },
  low: { 'zh-CN': '低', en: 'low' },
};

const STAGE_NAMES: Record<Stage, Record<Locale, string>> = {
  register: { 'zh-CN': '立案', en: 'registration' },
  dispatch: { 'zh-CN': '派遣', en: 'dispatch' },
  handle: { 'zh-CN': '处置', en: 'handling' },
  verify: { 'zh-CN': '核查', en: 'verification' },
  answer: { 'zh-CN': '答复', en: 'answer' },
};

const FOOTER: Record<Locale, string> = {
  'zh-CN': '此邮件由 civicgrid 自动发送，请勿直接回复。',
  en: 'This message was sent automatically by civicgrid; please do not reply to it.',
};

const CONSENT: Record<Locale, string> = {
  'zh-CN': '您收到此邮件，是因为您在报告时同意我们通过电子邮件与您联系。',
  en: 'You receive this because you agreed to be contacted by e-mail when you reported.',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A time as people read it in the calendar's time zone. */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** One line, at most `max` characters: for subjects, which must not break or run on. */
function oneLine(value: string, max = 80): string {
  const flat = value.replace(/\p{Cc}+/gu, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function blocksToText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if ('p' in b) return b.p;
      if ('quote' in b)
        return b.quote
          .split(/\r?\n/)
          .map((line) => `    ${line}`)
          .join('\n');
      if ('link' in b) return `${b.link}: ${b.url}`;
      return b.fields.map(([label, value]) => `${label}: ${value}`).join('\n');
    })
    .join('\n\n');
}

function blocksToHtml(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if ('p' in b) return `<p>${escapeHtml(b.p)}</p>`;
      if ('quote' in b)
        return `<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0 0 1em;padding-left:1em">${escapeHtml(b.quote)}</blockquote>`;
      if ('link' in b) {
        const url = escapeHtml(b.url);
        return `<p>${escapeHtml(b.link)}: <a href="${url}">${url}</a></p>`;
      }
      const rows = b.fields
        .map(
          ([label, value]) =>
            `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('');
      return `<table>${rows}</table>`;
    })
    .join('\n');
}

/** Renders a message from its subject and blocks per language, zh-CN first. */
export function renderMail(
  parts: Record<Locale, { subject: string; blocks: Block[] }>,
): RenderedMail {
  const subject = `${oneLine(parts['zh-CN'].subject, 120)} / ${oneLine(parts.en.subject, 120)}`;
  const text = `${LOCALES.map((l) => blocksToText(parts[l].blocks)).join('\n\n----------\n\n')}\n`;
  const html = [
    '<!doctype html>',
    `<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    LOCALES.map((l) => `<div lang="${l}">\n${blocksToHtml(parts[l].blocks)}\n</div>`).join(
      '\n<hr>\n',
    ),
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

/** The message to a reporter. */
export function renderReporterMail(input: ReporterMailInput): RenderedMail {
  const code = input.trackingCode;
  const title = oneLine(input.title);
  const said = input.text?.trim() ?? '';
  const track = (l: Locale): Block => ({
    link: l === 'en' ? 'Follow your report' : '查看进度',
    url: input.trackUrl,
  });
  const end = (l: Locale): Block[] => [{ p: CONSENT[l] }, { p: FOOTER[l] }];
  switch (input.kind) {
    case 'acknowledged':
      return renderMail({
        'zh-CN': {
          subject: `已收到您的报告 ${code}`,
          blocks: [
            { p: '您好：' },
            { p: `我们已收到您的报告「${title}」，跟踪码为 ${code}。` },
            track('zh-CN'),
            { p: '请保存好跟踪码。案件办结后，我们会给您书面答复。' },
            ...end('zh-CN'),
          ],
        },
        en: {
          subject: `We received your report ${code}`,
          blocks: [
            { p: 'Hello,' },
            { p: `We received your report "${title}". Its tracking code is ${code}.` },
            track('en'),
            {
              p: 'Keep the tracking code. When the case is closed you will receive a written answer.',
            },
            ...end('en'),
          ],
        },
      });
    case 'commented':
      return renderMail({
        'zh-CN': {
          subject: `您的报告 ${code} 有新的回复`,
          blocks: [
            { p: `工作人员就您的报告「${title}」（${code}）回复如下：` },
            { quote: said },
            track('zh-CN'),
            ...end('zh-CN'),
          ],
        },
        en: {
          subject: `A new reply on your report ${code}`,
          blocks: [
            { p: `Staff replied on your report "${title}" (${code}):` },
            { quote: said },
            track('en'),
            ...end('en'),
          ],
        },
      });
    case 'rejected':
      return renderMail({
        'zh-CN': {
          subject: `您的报告 ${code} 未予受理`,
          blocks: [
            { p: `您的报告「${title}」（${code}）未予受理，原因如下：` },
            { quote: said },
            track('zh-CN'),
            ...end('zh-CN'),
          ],
        },
        en: {
          subject: `Your report ${code} was not taken up`,
          blocks: [
            { p: `Your report "${title}" (${code}) was not taken up, for this reason:` },
            { quote: said },
            track('en'),
            ...end('en'),
          ],
        },
      });
    case 'closed': {
      const rate = (l: Locale): Block[] =>
        input.rateUrl
          ? [{ link: l === 'en' ? 'Rate our answer' : '评价办理结果', url: input.rateUrl }]
          : [];
      return renderMail({
        'zh-CN': {
          subject: `您的报告 ${code} 已办结`,
          blocks: [
            { p: `您的报告「${title}」（${code}）已办结。书面答复如下：` },
            { quote: said },
            { p: '您对办理结果满意吗？欢迎评价，这将帮助我们改进工作。' },
            ...rate('zh-CN'),
            track('zh-CN'),
            ...end('zh-CN'),
          ],
        },
        en: {
          subject: `Your report ${code} is closed`,
          blocks: [
            { p: `Your report "${title}" (${code}) is closed. Our written answer:` },
            { quote: said },
            { p: 'Are you satisfied with how it was handled? Your rating helps us improve.' },
            ...rate('en'),
            track('en'),
            ...end('en'),
          ],
        },
      });
    }
  }
}

/** The message to a staff member. */
export function renderStaffMail(input: StaffMailInput): RenderedMail {
  const code = input.trackingCode;
  const title = oneLine(input.title);
  const due = (l: Locale) => (input.due ? formatTime(input.due, l, input.timeZone) : '—');
  const stage = (l: Locale) => (input.stage ? STAGE_NAMES[input.stage][l] : '—');
  const facts = (l: Locale): Block => ({
    fields:
      l === 'en'
        ? [
            ['Tracking code', code],
            ['Category', input.category.en],
            ['Priority', PRIORITY_NAMES[input.priority].en],
            ['Stage', stage('en')],
            ['Due', due('en')],
            ...(input.address ? ([['Address', input.address]] as [string, string][]) : []),
          ]
        : [
            ['跟踪码', code],
            ['类别', input.category.zh],
            ['优先级', PRIORITY_NAMES[input.priority]['zh-CN']],
            ['环节', stage('zh-CN')],
            ['时限', due('zh-CN')],
            ...(input.address ? ([['地址', input.address]] as [string, string][]) : []),
          ],
  });
  const open = (l: Locale): Block => ({
    link: l === 'en' ? 'Open the case' : '打开案件',
    url: input.caseUrl,
  });
  const footer = (l: Locale): Block => ({ p: FOOTER[l] });
  const lines: Record<StaffNoticeKind, Record<Locale, { subject: string; lead: string }>> = {
    assigned: {
      'zh-CN': {
        subject: `案件已派遣给您 ${code}：${title}`,
        lead: `案件「${title}」已派遣给您，请及时接收处置。`,
      },
      en: {
        subject: `Case ${code} assigned to you: ${title}`,
        lead: `The case "${title}" was assigned to you. Please accept and handle it in time.`,
      },
    },
    urgent: {
      'zh-CN': {
        subject: `紧急报告 ${code}：${title}`,
        lead: `收到紧急报告「${title}」，请立即处理。`,
      },
      en: {
        subject: `Urgent report ${code}: ${title}`,
        lead: `An urgent report came in: "${title}". Please act on it now.`,
      },
    },
    due_soon: {
      'zh-CN': {
        subject: `即将超时 ${code}（${stage('zh-CN')}）：${title}`,
        lead: `案件「${title}」的${stage('zh-CN')}环节将于 ${due('zh-CN')} 到期。`,
      },
      en: {
        subject: `Due soon: ${code} (${stage('en')}): ${title}`,
        lead: `The ${stage('en')} stage of the case "${title}" is due at ${due('en')}.`,
      },
    },
    overdue: {
      'zh-CN': {
        subject: `已超时 ${code}（${stage('zh-CN')}）：${title}`,
        lead: `案件「${title}」的${stage('zh-CN')}环节已于 ${due('zh-CN')} 超时，请尽快处理。`,
      },
      en: {
        subject: `Overdue: ${code} (${stage('en')}): ${title}`,
        lead: `The ${stage('en')} stage of the case "${title}" ran past its deadline (${due('en')}). Please act on it now.`,
      },
    },
  };
  const part = (l: Locale) => ({
    subject: lines[input.kind][l].subject,
    blocks: [{ p: lines[input.kind][l].lead }, facts(l), open(l), footer(l)],
  });
  return renderMail({ 'zh-CN': part('zh-CN'), en: part('en') });
}

/** What a message to an officer put on duty needs. */
export interface DutyMailInput {
  /** `assigned`: the officer on duty (A); `cover`: the cover (B). */
  kind: 'assigned' | 'cover';
  area: { code: string; nameZh: string; nameEn: string };
  /** The shifts planned at once, by start. */
  spans: readonly { startsAt: string; endsAt: string }[];
  timeZone: string;
  rosterUrl: string;
  /** True: the reminder an hour before the (one) shift starts, not the notice of the plan. */
  reminder?: boolean;
}

/** The message to an officer put on duty or as cover for shifts of an area. */
export function renderDutyMail(input: DutyMailInput): RenderedMail {
  const { area } = input;
  const count = input.spans.length;
  const shifts = (l: Locale): Block => ({
    fields: input.spans.map((s, i) => [
      l === 'en' ? `Shift ${i + 1}` : `第 ${i + 1} 班`,
      `${formatTime(s.startsAt, l, input.timeZone)} – ${formatTime(s.endsAt, l, input.timeZone)}`,
    ]),
  });
  const zhName = `${oneLine(area.nameZh)}（${area.code}）`;
  const enName = `${oneLine(area.nameEn)} (${area.code})`;
  const lines: Record<DutyMailInput['kind'], Record<Locale, { subject: string; lead: string }>> = {
    assigned: {
      'zh-CN': {
        subject: `值班安排：${zhName}，共 ${count} 班`,
        lead: `您被安排为${zhName}的值班人员（A岗）。值班期间，该区域的紧急报告将立即通知您，请在 15 分钟内立案处理。`,
      },
      en: {
        subject: `On duty: ${enName}, ${count} shift${count === 1 ? '' : 's'}`,
        lead: `You are the officer on duty (A) for ${enName}. Urgent reports made there during your shifts reach you at once: please register them within 15 minutes.`,
      },
    },
    cover: {
      'zh-CN': {
        subject: `顶岗安排：${zhName}，共 ${count} 班`,
        lead: `您被安排为${zhName}的顶岗人员（B岗）。值班期间，该区域的紧急报告将同时通知您和值班人员；值班人员无法处理时，请您在 15 分钟内立案处理。`,
      },
      en: {
        subject: `Cover (B): ${enName}, ${count} shift${count === 1 ? '' : 's'}`,
        lead: `You are the cover (B) for ${enName}. Urgent reports made there during these shifts reach you and the officer on duty at once: when the officer cannot act, please register them within 15 minutes.`,
      },
    },
  };
  const first = input.spans[0];
  const starts = (l: Locale) => (first ? formatTime(first.startsAt, l, input.timeZone) : '—');
  const reminders: Record<
    DutyMailInput['kind'],
    Record<Locale, { subject: string; lead: string }>
  > = {
    assigned: {
      'zh-CN': {
        subject: `值班提醒：${zhName}，${starts('zh-CN')} 开始`,
        lead: `提醒：您是${zhName}的值班人员（A岗），本班于 ${starts('zh-CN')} 开始。值班期间，该区域的紧急报告将立即通知您，请在 15 分钟内立案处理。`,
      },
      en: {
        subject: `Reminder: on duty for ${enName} from ${starts('en')}`,
        lead: `Reminder: you are the officer on duty (A) for ${enName}; your shift starts at ${starts('en')}. Urgent reports made there reach you at once: please register them within 15 minutes.`,
      },
    },
    cover: {
      'zh-CN': {
        subject: `顶岗提醒：${zhName}，${starts('zh-CN')} 开始`,
        lead: `提醒：您是${zhName}的顶岗人员（B岗），本班于 ${starts('zh-CN')} 开始。值班人员无法处理紧急报告时，请您在 15 分钟内立案处理。`,
      },
      en: {
        subject: `Reminder: cover (B) for ${enName} from ${starts('en')}`,
        lead: `Reminder: you are the cover (B) for ${enName}; the shift starts at ${starts('en')}. When the officer on duty cannot act on an urgent report, please register it within 15 minutes.`,
      },
    },
  };
  const words = input.reminder ? reminders : lines;
  const part = (l: Locale) => ({
    subject: words[input.kind][l].subject,
    blocks: [
      { p: words[input.kind][l].lead },
      shifts(l),
      { link: l === 'en' ? 'Open the duty roster' : '打开值班表', url: input.rosterUrl },
      { p: FOOTER[l] },
    ],
  });
  return renderMail({ 'zh-CN': part('zh-CN'), en: part('en') });
}
