import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatTime,
  renderDutyMail,
  renderReporterMail,
  renderStaffMail,
  type CaseFacts,
} from './templates.ts';

const FACTS: CaseFacts = {
  trackingCode: 'ABCD-EFGH-JKMN',
  title: 'Lamp <b>out</b> & "dark"',
  category: { zh: '路灯', en: 'Street light' },
  priority: 'normal',
  address: '1 Liu’an Road',
  timeZone: 'Asia/Shanghai',
};
const TRACK = 'https://civicgrid.example.org/track/ABCD-EFGH-JKMN';

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('reporter e-mails', () => {
  it('acknowledge with the tracking link, zh-CN first, then en', () => {
    const mail = renderReporterMail({ ...FACTS, kind: 'acknowledged', trackUrl: TRACK });
    expect(mail.subject).toBe(
      '已收到您的报告 ABCD-EFGH-JKMN / We received your report ABCD-EFGH-JKMN',
    );
    expect(mail.text.indexOf('跟踪码为 ABCD-EFGH-JKMN')).toBeGreaterThan(-1);
    expect(mail.text.indexOf('跟踪码为')).toBeLessThan(mail.text.indexOf('Its tracking code'));
    expect(mail.text).toContain(`查看进度: ${TRACK}`);
    expect(mail.text).toContain(`Follow your report: ${TRACK}`);
    expect(mail.html.indexOf('<div lang="zh-CN">')).toBeLessThan(
      mail.html.indexOf('<div lang="en">'),
    );
    expect(mail.html).toContain(`<a href="${TRACK}">${TRACK}</a>`);
  });

  it('escape every value in HTML and keep it as written in text', () => {
    const mail = renderReporterMail({
      ...FACTS,
      kind: 'closed',
      trackUrl: TRACK,
      rateUrl: `${TRACK}#rating`,
      text: 'Fixed <script>alert("x")</script>\nSecond line',
    });
    expect(mail.html).not.toMatch(/<script|<b>out/);
    expect(mail.html).toContain('Lamp &lt;b&gt;out&lt;/b&gt; &amp; &quot;dark&quot;');
    expect(mail.html).toContain(
      'Fixed &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\nSecond line',
    );
    expect(mail.text).toContain('    Fixed <script>alert("x")</script>\n    Second line');
    expect(mail.text).toContain(`Rate our answer: ${TRACK}#rating`);
    expect(mail.text).toContain(`评价办理结果: ${TRACK}#rating`);
  });

  it('keep subjects on one line', () => {
    const mail = renderReporterMail({
      ...FACTS,
      trackingCode: 'ABCD-EFGH-JKMN\r\nBcc: victim@example.org',
      kind: 'commented',
      trackUrl: TRACK,
      text: 'Hello',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('say why a report was not taken up', () => {
    const mail = renderReporterMail({
      ...FACTS,
      kind: 'rejected',
      trackUrl: TRACK,
      text: 'Duplicate of an earlier report.',
    });
    expect(mail.subject).toContain('未予受理');
    expect(mail.text).toContain('Duplicate of an earlier report.');
  });
});

describe('staff e-mails', () => {
  it('name the stage, the deadline in the calendar zone and the case link, in both languages', () => {
    const mail = renderStaffMail({
      ...FACTS,
      kind: 'due_soon',
      caseUrl: 'https://civicgrid.example.org/cases/c1',
      stage: 'handle',
      due: '2026-03-02T04:00:00.000Z',
    });
    expect(mail.subject).toBe(
      '即将超时 ABCD-EFGH-JKMN（处置）：Lamp <b>out</b> & "dark" / Due soon: ABCD-EFGH-JKMN (handling): Lamp <b>out</b> & "dark"',
    );
    expect(mail.text).toContain('12:00');
    expect(mail.text).toContain('类别: 路灯');
    expect(mail.text).toContain('Category: Street light');
    expect(mail.text).toContain('Open the case: https://civicgrid.example.org/cases/c1');
    expect(mail.html).toContain(
      '<th style="text-align:left;padding-right:1em">优先级</th><td>一般</td>',
    );
  });

  it('render every kind', () => {
    for (const kind of ['assigned', 'urgent', 'due_soon', 'overdue'] as const) {
      const mail = renderStaffMail({
        ...FACTS,
        kind,
        caseUrl: 'https://x.example/cases/1',
        stage: null,
        due: null,
      });
      expect(mail.subject).toContain('ABCD-EFGH-JKMN');
      expect(mail.text).toContain('—');
    }
  });
});

describe('formatTime', () => {
  it('shows the wall time of the calendar zone', () => {
    expect(formatTime('2026-03-02T04:00:00Z', 'en', 'Asia/Shanghai')).toMatch(/Mar 2, 2026.*12:00/);
    expect(formatTime('2026-03-02T04:00:00Z', 'zh-CN', 'Asia/Shanghai')).toMatch(
      /2026年3月2日.*12:00/,
    );
  });
});

describe('duty e-mail', () => {
  const input = {
    area: { code: '990102-001-001-01', nameZh: '柳岸社区第1网格', nameEn: 'Liu’an <Grid> 1' },
    spans: [
      { startsAt: '2026-12-08T00:30:00.000Z', endsAt: '2026-12-08T09:30:00.000Z' },
      { startsAt: '2026-12-09T00:30:00.000Z', endsAt: '2026-12-09T09:30:00.000Z' },
    ],
    timeZone: 'Asia/Shanghai',
    rosterUrl: 'https://civicgrid.example.org/staff/duty?area=990102-001-001-01',
  };

  it('tells the officer on duty of every shift in the city’s time, with the roster link, in both languages', () => {
    const mail = renderDutyMail({ ...input, kind: 'assigned' });
    expect(mail.subject).toBe(
      '值班安排：柳岸社区第1网格（990102-001-001-01），共 2 班 / On duty: Liu’an <Grid> 1 (990102-001-001-01), 2 shifts',
    );
    expect(mail.text).toContain('值班人员（A岗）');
    expect(mail.text).toContain('within 15 minutes');
    // 00:30 UTC is 08:30 in Shanghai; each shift on its own line.
    expect(mail.text).toMatch(/第 1 班: .*08:30.* – .*17:30/);
    expect(mail.text).toMatch(/Shift 2: .*Dec 9.*08:30/);
    expect(mail.text).toContain(input.rosterUrl);
    expect(mail.text.indexOf('值班安排')).toBeLessThan(mail.text.indexOf('officer on duty'));
    expect(mail.html).toContain('Liu’an &lt;Grid&gt; 1');
    expect(mail.html).not.toContain('<Grid>');
  });

  it('tells the cover it is B', () => {
    const mail = renderDutyMail({ ...input, spans: input.spans.slice(0, 1), kind: 'cover' });
    expect(mail.subject).toMatch(/^顶岗安排：.*共 1 班 \/ Cover \(B\): .*, 1 shift$/);
    expect(mail.text).toContain('顶岗人员（B岗）');
  });

  it('reminds an hour before, naming when the shift starts', () => {
    const mail = renderDutyMail({
      ...input,
      spans: input.spans.slice(0, 1),
      kind: 'assigned',
      reminder: true,
    });
    expect(mail.subject).toMatch(
      /^值班提醒：柳岸社区第1网格（990102-001-001-01），.*08:30.* 开始 \/ Reminder: on duty for .* from .*08:30/,
    );
    expect(mail.text).toContain('本班于');
    const cover = renderDutyMail({
      ...input,
      spans: input.spans.slice(0, 1),
      kind: 'cover',
      reminder: true,
    });
    expect(cover.subject).toMatch(/^顶岗提醒：.* \/ Reminder: cover \(B\) for /);
  });
});
