/** Minimal valid content for tests. */
export function spotData(name: string, extra: Record<string, unknown> = {}) {
  return {
    name: { ja: name, en: `${name} (en)` },
    kana: 'てすと',
    category: 'temple-shrine',
    tags: ['test'],
    description: { ja: `${name}の説明です。`, en: 'A description.' },
    address: { ja: '京都府京都市東山区清水1丁目294' },
    lat: 34.9948,
    lng: 135.785,
    openingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '17:00' }],
    fees: { basicYen: 400, detail: { ja: '大人400円' } },
    barrierFree: ['wheelchair_access'],
    url: 'https://example.jp/spot',
    ...extra,
  };
}

export function eventData(name: string, extra: Record<string, unknown> = {}) {
  return {
    name: { ja: name },
    category: 'festival',
    startDate: '2099-07-15',
    endDate: '2099-07-16',
    startTime: '10:00',
    endTime: '21:00',
    allDay: false,
    eventStatus: 'scheduled',
    venue: { name: { ja: '中央公園' }, address: { ja: '東山区1-1' }, lat: 35.0, lng: 135.78 },
    ...extra,
  };
}

/** Site settings that publish Japanese and English, with the defaults otherwise (PUT /api/v1/site/settings). */
export function jaEnSiteSettings() {
  return {
    languages: ['ja', 'en'],
    defaultLanguage: 'ja',
    logoMediaId: null,
    primaryColor: null,
    accentColor: null,
    footerLinks: [],
  };
}
