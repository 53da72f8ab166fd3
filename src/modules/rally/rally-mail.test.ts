import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../contract/languages.js';
import { applicationConfirmationMail } from './rally-mail.js';

describe('the prize application confirmation mail', () => {
  const values = {
    campaign: '秋の寺めぐり',
    prize: '全制覇賞',
    link: 'https://kanko.example.jp/s/mihon/en/rally/aki/confirm?t=abc',
    until: new Date('2026-12-04T12:00:00Z'),
  };

  it.each(LANGUAGES)(
    'in %s names the campaign and prize, carries the link and the deadline in JST',
    (lang) => {
      const mail = applicationConfirmationMail(lang, values);
      expect(mail.subject).toContain(values.campaign);
      expect(mail.text).toContain(values.prize);
      expect(mail.text).toContain(`\n${values.link}\n`);
      expect(mail.text).toMatch(/21:00 \(JST\)/);
    },
  );
});
