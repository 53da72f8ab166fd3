import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SURVEY_PRESETS, type SurveyPresetKey } from '../../../../src/contract/rally';
import { type ApiError, asApiError } from '../api';
import { Button, FormActions } from '../components/button';
import { DataTable } from '../components/data-table';
import { ErrorAlert } from '../components/error-alert';
import { ExportLink } from '../components/export-link';
import { Facts } from '../components/facts';
import { SelectField } from '../components/fields';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { CampaignHistory } from '../components/rally/campaign-history';
import { TextField } from '../components/text-field';
import { formatJst } from '../format';
import { useAction, useApiErrorHandler, useLoad, useTextForm } from '../hooks';
import { type MessageKey, useT } from '../i18n';
import {
  addCheckpoint,
  applicantsCsvUrl,
  CHECK_IN_METHODS,
  createCampaign,
  drawLottery,
  fetchApplicants,
  fetchCampaign,
  fetchCampaigns,
  fetchCredentials,
  fetchRotatingCode,
  fetchStatistics,
  type PrizeTier,
  postersZipUrl,
  posterUrl,
  type RallyApplicant,
  type RallyCampaignDetail,
  type RallyStatistics,
  type RotatingCodeScreen,
  rotateCampaignKey,
  type SurveyQuestion,
  savePrizes,
  statisticsCsvUrl,
  transitionCampaign,
  voidStamp,
} from '../rally-api';
import { checkpointDayGrid } from '../rally-statistics';
import { allows, moduleLevel } from '../rights';
import { useSession } from '../session';
import '../i18n-rally';

/** /rally: スタンプラリー — campaigns, checkpoints and posters, prizes, statistics, applicants. */
export function RallyPage() {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, 'campaigns');
  const [params] = useSearchParams();
  const id = params.get('id');
  const screen = params.get('screen');
  if (!allows(level, 'view')) {
    return (
      <>
        <PageHeading title={t('module.rally.title')} />
        <p>{t('rally.loadFailed')}</p>
      </>
    );
  }
  const rights = { edit: allows(level, 'edit'), publish: allows(level, 'publish') };
  if (id && screen && rights.edit) return <CodeScreen campaignId={id} checkpointId={screen} />;
  return id ? <CampaignView id={id} rights={rights} /> : <CampaignList canEdit={rights.edit} />;
}

interface Rights {
  edit: boolean;
  publish: boolean;
}

/** A datetime-local value (typed in Japan time) as an ISO instant. */
const jstInstant = (local: string) => new Date(`${local}:00+09:00`).toISOString();

function CampaignList({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const load = useLoad(fetchCampaigns, []);
  return (
    <>
      <PageHeading title={t('module.rally.title')} lead={t('rally.intro')} />
      <LoadView load={load} failedMessage={t('rally.loadFailed')}>
        {(campaigns) =>
          campaigns.length === 0 ? (
            <p>{t('rally.none')}</p>
          ) : (
            <DataTable
              caption={t('rally.list')}
              columns={[t('rally.name'), t('rally.slug'), t('rally.status'), t('rally.period')]}
            >
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`?id=${c.id}`}>{c.texts.name.ja}</Link>
                  </td>
                  <td>{c.slug}</td>
                  <td>{t(`rally.status.${c.status}` as MessageKey)}</td>
                  <td>
                    {formatJst(c.startsAt)} – {formatJst(c.endsAt)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </LoadView>
      {canEdit && <NewCampaign onCreated={load.retry} />}
    </>
  );
}

function NewCampaign({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const action = useAction();
  const { form, bind } = useTextForm({
    slug: '',
    ja: '',
    en: '',
    startsAt: '',
    endsAt: '',
    retentionDays: '90',
  });
  const [created, setCreated] = useState(false);
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(false);
    void action.run(
      () =>
        createCampaign({
          slug: form.slug,
          texts: { name: { ja: form.ja, ...(form.en ? { en: form.en } : {}) } },
          startsAt: form.startsAt ? jstInstant(form.startsAt) : '',
          endsAt: form.endsAt ? jstInstant(form.endsAt) : '',
          retentionDays: Number(form.retentionDays),
        }),
      () => {
        setCreated(true);
        onCreated();
      },
    );
  }
  return (
    <RallySection name="new" action={action}>
      {created && <p role="status">{t('rally.created')}</p>}
      <form onSubmit={submit} className="form">
        <TextField label={t('rally.nameJa')} {...bind('ja')} required />
        <TextField label={t('rally.nameEn')} {...bind('en')} optional />
        <TextField
          label={t('rally.slug')}
          hint={t('rally.slugHint')}
          typing="verbatim"
          {...bind('slug')}
          required
        />
        <TextField label={t('rally.startsAt')} typing="dateTime" {...bind('startsAt')} required />
        <TextField label={t('rally.endsAt')} typing="dateTime" {...bind('endsAt')} required />
        <TextField label={t('rally.retentionDays')} typing="number" {...bind('retentionDays')} required />
        <FormActions label={t('rally.create')} busy={action.busy} />
      </form>
    </RallySection>
  );
}

function CampaignView({ id, rights }: { id: string; rights: Rights }) {
  const t = useT();
  const load = useLoad(() => fetchCampaign(id), [id]);
  const action = useAction();
  // A restore replaces the prizes: the prize form starts again from what the server answered.
  const [restores, setRestores] = useState(0);
  return (
    <LoadView load={load} failedMessage={t('rally.loadFailed')}>
      {(campaign) => {
        const act = (fn: () => Promise<RallyCampaignDetail>) =>
          action.run(async () => load.update(await fn()));
        const transitions: ['published' | 'ended' | 'archived', MessageKey][] =
          campaign.status === 'draft'
            ? [['published', 'rally.publish']]
            : campaign.status === 'published'
              ? [['ended', 'rally.end']]
              : campaign.status === 'ended'
                ? [
                    ['published', 'rally.reopen'],
                    ['archived', 'rally.archive'],
                  ]
                : [];
        return (
          <>
            <PageHeading title={campaign.texts.name.ja ?? campaign.slug} />
            <p>
              <Link to="/rally">{t('rally.back')}</Link>
            </p>
            <Facts
              items={[
                [t('rally.status'), t(`rally.status.${campaign.status}` as MessageKey)],
                [
                  t('rally.period'),
                  <>
                    {formatJst(campaign.startsAt)} – {formatJst(campaign.endsAt)}
                  </>,
                ],
                [t('rally.slug'), campaign.slug],
                [t('rally.keyVersion'), campaign.keyVersion],
                !!campaign.personalDataDeletedAt && [
                  t('rally.personalDeletedAt'),
                  formatJst(campaign.personalDataDeletedAt),
                ],
              ]}
            />
            <ErrorAlert error={action.error} />
            {rights.publish && (
              <p className="actions">
                {transitions.map(([to, key]) => (
                  <Button
                    key={to}
                    disabled={action.busy}
                    onClick={() => act(() => transitionCampaign(campaign.id, to))}
                  >
                    {t(key)}
                  </Button>
                ))}
                {campaign.status !== 'archived' && (
                  <Button
                    look="secondary"
                    disabled={action.busy}
                    onClick={() => {
                      if (window.confirm(t('rally.rotateConfirm')))
                        void act(() => rotateCampaignKey(campaign.id));
                    }}
                  >
                    {t('rally.rotateKey')}
                  </Button>
                )}
              </p>
            )}
            <Checkpoints campaign={campaign} rights={rights} onChanged={load.retry} />
            {rights.edit && <Prizes key={restores} campaign={campaign} onSaved={load.update} />}
            <Statistics campaign={campaign} rights={rights} />
            {rights.publish && <Applicants campaign={campaign} />}
            <CampaignHistory
              campaign={campaign}
              canEdit={rights.edit}
              onRestored={(restored) => {
                load.update(restored);
                setRestores((n) => n + 1);
              }}
              onReload={load.retry}
            />
          </>
        );
      }}
    </LoadView>
  );
}

function Checkpoints({
  campaign,
  rights,
  onChanged,
}: {
  campaign: RallyCampaignDetail;
  rights: Rights;
  onChanged: () => void;
}) {
  const t = useT();
  const [shown, setShown] = useState<Record<string, { url: string; staffCode: string | null }>>({});
  const action = useAction();
  const empty = { spotId: '', ja: '', en: '', lat: '', lng: '', method: 'qr', radiusM: '100' };
  const { form, setForm, bind } = useTextForm(empty);
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      ...(form.spotId ? { spotId: form.spotId } : {}),
      ...(form.ja ? { name: { ja: form.ja, ...(form.en ? { en: form.en } : {}) } } : {}),
      ...(form.lat ? { lat: Number(form.lat) } : {}),
      ...(form.lng ? { lng: Number(form.lng) } : {}),
      method: form.method,
      radiusM: Number(form.radiusM),
    };
    void action.run(
      () => addCheckpoint(campaign.id, body),
      () => {
        setForm(empty);
        onChanged();
      },
    );
  }
  return (
    <RallySection name="checkpoints" action={action}>
      <DataTable
        hiddenCaption
        caption={t('rally.checkpoints')}
        columns={[t('rally.name'), t('rally.method'), t('rally.radius'), '']}
      >
        {campaign.checkpoints.map((c) => (
          <tr key={c.id}>
            <td>
              {c.name.ja}
              {c.name.en ? ` / ${c.name.en}` : ''}
            </td>
            <td>{t(`rally.method.${c.method}` as MessageKey)}</td>
            <td>{c.method === 'location' || c.method === 'qr_location' ? c.radiusM : '—'}</td>
            <td>
              {rights.edit && (
                <>
                  <a href={posterUrl(campaign.id, c.id)} download>
                    {t('rally.poster')}
                    <span className="visually-hidden">: {c.name.ja}</span>
                  </a>{' '}
                  {c.method === 'rotating_code' && (
                    <>
                      <Link
                        to={`/rally?id=${encodeURIComponent(campaign.id)}&screen=${encodeURIComponent(c.id)}`}
                      >
                        {t('rally.codeScreen')}
                        <span className="visually-hidden">: {c.name.ja}</span>
                      </Link>{' '}
                    </>
                  )}
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() =>
                      void action.run(async () => {
                        const creds = await fetchCredentials(campaign.id, c.id);
                        setShown({ ...shown, [c.id]: creds });
                      })
                    }
                  >
                    {t('rally.credentials')}
                    <span className="visually-hidden">: {c.name.ja}</span>
                  </button>
                  {shown[c.id] && (
                    <span className="field-hint">
                      {' '}
                      <code>{shown[c.id]?.url}</code>
                      {shown[c.id]?.staffCode && (
                        <>
                          {' '}
                          {t('rally.staffCode')}: <strong>{shown[c.id]?.staffCode}</strong>
                        </>
                      )}
                    </span>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {rights.edit && campaign.checkpoints.length > 0 && (
        <ExportLink
          href={postersZipUrl(campaign.id)}
          label={t('rally.postersZip')}
          hint={t('rally.postersHint')}
        />
      )}
      {rights.edit && campaign.status !== 'archived' && (
        <form onSubmit={submit} className="form">
          <h3>{t('rally.addCheckpoint')}</h3>
          <TextField
            label={t('rally.spotId')}
            hint={t('rally.spotIdHint')}
            typing="verbatim"
            {...bind('spotId')}
            optional
          />
          <TextField label={t('rally.cpNameJa')} {...bind('ja')} optional />
          <TextField label={t('rally.cpNameEn')} {...bind('en')} optional />
          <TextField label={t('rally.lat')} {...bind('lat')} inputMode="decimal" optional />
          <TextField label={t('rally.lng')} {...bind('lng')} inputMode="decimal" optional />
          <SelectField
            label={t('rally.method')}
            {...bind('method')}
            options={CHECK_IN_METHODS.map((m) => ({ value: m, label: t(`rally.method.${m}` as MessageKey) }))}
          />
          <TextField label={t('rally.radius')} typing="number" {...bind('radiusM')} />
          <FormActions label={t('rally.add')} busy={action.busy} />
        </form>
      )}
    </RallySection>
  );
}

// Copies of the shared presets (the contract's are read-only).
const PRESETS = SURVEY_PRESETS as Record<SurveyPresetKey, SurveyQuestion>;
const PRESET_KEYS = Object.keys(PRESETS) as (keyof typeof PRESETS)[];

function Prizes({
  campaign,
  onSaved,
}: {
  campaign: RallyCampaignDetail;
  onSaved: (c: RallyCampaignDetail) => void;
}) {
  const t = useT();
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const [tiers, setTiers] = useState<PrizeTier[]>(campaign.prizeTiers);
  const [questions, setQuestions] = useState(new Set(campaign.survey.map((q) => q.id)));
  const allIds = campaign.checkpoints.map((c) => c.id);
  const update = (i: number, change: Partial<PrizeTier>) =>
    setTiers(tiers.map((tier, j) => (j === i ? { ...tier, ...change } : tier)));
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const survey = [
      ...PRESET_KEYS.filter((k) => questions.has(k)).map((k) => PRESETS[k]),
      ...campaign.survey.filter((q) => !(q.id in PRESETS)),
    ];
    void action.run(async () => {
      onSaved(await savePrizes(campaign.id, { version: campaign.version, prizeTiers: tiers, survey }));
      setSaved(true);
    });
  }
  return (
    <RallySection name="prizes" action={action}>
      {saved && <p role="status">{t('rally.saved')}</p>}
      <form onSubmit={submit} className="form">
        {tiers.map((tier, i) => (
          <fieldset key={tier.id} className="fieldset">
            <legend>
              {t('rally.tier')} {i + 1}
            </legend>
            <TextField
              label={t('rally.tierName')}
              value={tier.name.ja}
              onChange={(e) => update(i, { name: { ...tier.name, ja: e.target.value } })}
              required
            />
            <TextField
              label={t('rally.minStamps')}
              typing="number"
              value={tier.minStamps ? String(tier.minStamps) : ''}
              onChange={(e) =>
                update(i, e.target.value ? { minStamps: Number(e.target.value) } : { minStamps: undefined })
              }
              optional
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={(tier.requiredCheckpointIds?.length ?? 0) > 0}
                onChange={(e) => update(i, { requiredCheckpointIds: e.target.checked ? allIds : [] })}
              />{' '}
              {t('rally.allCheckpoints')}
            </label>
            <TextField
              label={t('rally.quantity')}
              typing="number"
              value={tier.quantity ? String(tier.quantity) : ''}
              onChange={(e) =>
                update(i, e.target.value ? { quantity: Number(e.target.value) } : { quantity: undefined })
              }
              optional
            />
            <SelectField
              label={t('rally.award')}
              value={tier.award}
              onChange={(e) => update(i, { award: e.target.value as PrizeTier['award'] })}
              options={[
                { value: 'first_come', label: t('rally.award.first_come') },
                { value: 'lottery', label: t('rally.award.lottery') },
              ]}
            />
            <Button look="secondary" onClick={() => setTiers(tiers.filter((_, j) => j !== i))}>
              {t('rally.removeTier')}
            </Button>
          </fieldset>
        ))}
        <p>
          <Button
            look="secondary"
            onClick={() =>
              setTiers([
                ...tiers,
                {
                  id: `tier-${Date.now().toString(36)}`,
                  name: { ja: '' },
                  minStamps: 1,
                  award: 'first_come',
                },
              ])
            }
          >
            {t('rally.addTier')}
          </Button>
        </p>
        <fieldset className="fieldset">
          <legend>{t('rally.surveyPresets')}</legend>
          {PRESET_KEYS.map((k) => (
            <label key={k} className="checkbox">
              <input
                type="checkbox"
                checked={questions.has(k)}
                onChange={(e) => {
                  const next = new Set(questions);
                  if (e.target.checked) next.add(k);
                  else next.delete(k);
                  setQuestions(next);
                }}
              />{' '}
              {t(`rally.q.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <FormActions label={t('rally.savePrizes')} busy={action.busy} />
      </form>
    </RallySection>
  );
}

function Statistics({ campaign, rights }: { campaign: RallyCampaignDetail; rights: Rights }) {
  const t = useT();
  const load = useLoad(() => fetchStatistics(campaign.id), [campaign.id]);
  const action = useAction();
  const [voidForm, setVoidForm] = useState({ participantId: '', checkpointId: '', reason: '' });
  const [voided, setVoided] = useState(false);
  return (
    <RallySection name="statistics">
      <ExportLink
        href={statisticsCsvUrl(campaign.id)}
        label={t('rally.statisticsCsv')}
        hint={t('rally.statisticsCsvHint')}
      />
      <LoadView load={load} failedMessage={t('rally.loadFailed')}>
        {(stats) => (
          <>
            <Facts
              items={[
                [t('rally.participants'), stats.participants],
                [t('rally.stamps'), stats.stamps],
              ]}
            />
            <CountTable
              caption={t('rally.perCheckpoint')}
              columns={[t('rally.name'), t('rally.stamps')]}
              rows={stats.checkpoints.map((c) => ({ key: c.id, label: c.name, count: c.stamps }))}
            />
            <DataTable
              caption={t('rally.funnel')}
              columns={[
                { name: t('rally.stampCount'), className: 'num' },
                { name: t('rally.participants'), className: 'num' },
              ]}
            >
              {stats.funnel.map((f) => (
                <tr key={f.stamps}>
                  <td className="num">{f.stamps}</td>
                  <td className="num">{f.participants}</td>
                </tr>
              ))}
              <tr>
                <td>{t('rally.appliedStep')}</td>
                <td className="num">{stats.applied}</td>
              </tr>
            </DataTable>
            <CountTable
              caption={t('rally.perDay')}
              columns={[t('rally.day'), t('rally.stamps')]}
              rows={stats.perDay.map((d) => ({ key: d.day, label: d.day, count: d.stamps }))}
            />
            <CheckpointDayTable stats={stats} />
            <CountTable
              bars
              caption={t('rally.perHour')}
              columns={[t('rally.hour'), t('rally.stamps')]}
              rows={stats.perHour.map((h) => ({
                key: String(h.hour),
                label: `${h.hour}:00–`,
                count: h.stamps,
              }))}
            />
            <h3>{t('rally.surveyResults')}</h3>
            {stats.survey.length === 0 ? (
              <p>{t('rally.surveyNone')}</p>
            ) : (
              stats.survey.map((q) => (
                <CountTable
                  bars
                  key={q.questionId}
                  caption={`${q.label}（${t('rally.respondents', { n: q.respondents })}）`}
                  columns={[t('rally.answer'), t('rally.count')]}
                  rows={q.answers.map((a) => ({ key: a.value, label: a.label, count: a.count }))}
                />
              ))
            )}
            <h3>{t('rally.flagged')}</h3>
            {stats.flagged.length === 0 ? (
              <p>{t('rally.flaggedNone')}</p>
            ) : (
              <DataTable
                hiddenCaption
                caption={t('rally.flagged')}
                columns={[
                  t('rally.participantId'),
                  t('rally.reason'),
                  t('rally.flaggedAt'),
                  { name: t('rally.stamps'), className: 'num' },
                ]}
              >
                {stats.flagged.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <code>{p.id}</code>
                    </td>
                    <td>{p.reason}</td>
                    <td>{formatJst(p.flaggedAt)}</td>
                    <td className="num">{p.stamps}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </LoadView>
      {rights.edit && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            setVoided(false);
            void action.run(
              () => voidStamp(campaign.id, voidForm),
              () => {
                setVoided(true);
                load.retry();
              },
            );
          }}
        >
          <h3>{t('rally.voidTitle')}</h3>
          <ErrorAlert error={action.error} />
          {voided && <p role="status">{t('rally.voided')}</p>}
          <TextField
            label={t('rally.participantId')}
            typing="verbatim"
            value={voidForm.participantId}
            onChange={(e) => setVoidForm({ ...voidForm, participantId: e.target.value.trim() })}
            required
          />
          <SelectField
            label={t('rally.voidCheckpoint')}
            value={voidForm.checkpointId}
            onChange={(e) => setVoidForm({ ...voidForm, checkpointId: e.target.value })}
            empty=""
            options={campaign.checkpoints.map((c) => ({ value: c.id, label: c.name.ja ?? c.id }))}
            required
          />
          <TextField
            label={t('rally.reason')}
            value={voidForm.reason}
            onChange={(e) => setVoidForm({ ...voidForm, reason: e.target.value })}
            required
          />
          <FormActions label={t('rally.void')} busy={action.busy} />
        </form>
      )}
    </RallySection>
  );
}

function Applicants({ campaign }: { campaign: RallyCampaignDetail }) {
  const t = useT();
  const toError = useApiErrorHandler();
  const [list, setList] = useState<RallyApplicant[] | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [drawn, setDrawn] = useState<string | null>(null);
  async function show() {
    setError(undefined);
    try {
      setList(await fetchApplicants(campaign.id));
    } catch (e) {
      setError(toError(e));
    }
  }
  const lotteries = campaign.prizeTiers.filter((tier) => tier.award === 'lottery');
  return (
    <RallySection name="applicants">
      <p className="field-hint">{t('rally.applicantsNote')}</p>
      <ErrorAlert error={error} />
      {drawn && <p role="status">{drawn}</p>}
      <p className="actions">
        <Button onClick={() => void show()}>{t('rally.showApplicants')}</Button>
        {campaign.status !== 'published' &&
          lotteries.map((tier) => (
            <Button
              look="secondary"
              key={tier.id}
              onClick={async () => {
                try {
                  const result = await drawLottery(campaign.id, tier.id);
                  setDrawn(t('rally.drawn', { won: result.won, lost: result.lost }));
                } catch (e) {
                  setError(asApiError(e));
                }
              }}
            >
              {t('rally.draw')}: {tier.name.ja}
            </Button>
          ))}
      </p>
      <ExportLink
        href={applicantsCsvUrl(campaign.id)}
        label={t('rally.applicantsCsv')}
        hint={t('rally.applicantsCsvHint')}
      />
      {list &&
        (list.length === 0 ? (
          <p>{t('rally.noApplicants')}</p>
        ) : (
          <DataTable
            hiddenCaption
            caption={t('rally.applicants')}
            columns={[
              t('rally.tier'),
              t('rally.status'),
              t('rally.appliedAt'),
              t('rally.personalName'),
              t('rally.postalCode'),
              t('rally.address'),
              t('rally.phone'),
              t('rally.email'),
            ]}
          >
            {list.map((a) => (
              <tr key={a.id}>
                <td>{campaign.prizeTiers.find((tier) => tier.id === a.tierId)?.name.ja ?? a.tierId}</td>
                <td>{t(`rally.application.${a.status}` as MessageKey)}</td>
                <td>{formatJst(a.appliedAt)}</td>
                {a.personal ? (
                  <>
                    <td>{a.personal.name}</td>
                    <td>{a.personal.postalCode}</td>
                    <td>{a.personal.address}</td>
                    <td>{a.personal.phone}</td>
                    <td>{a.personal.email}</td>
                  </>
                ) : (
                  <td colSpan={5}>{t('rally.deleted')}</td>
                )}
              </tr>
            ))}
          </DataTable>
        ))}
    </RallySection>
  );
}

/**
 * The screen at a rotating-code checkpoint (a tablet at the counter): the code and its QR code,
 * fetched again when the minute turns. Opened from the checkpoint list (edit right).
 */
function CodeScreen({ campaignId, checkpointId }: { campaignId: string; checkpointId: string }) {
  const t = useT();
  const toError = useApiErrorHandler();
  const [shown, setShown] = useState<RotatingCodeScreen | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    async function refresh() {
      let wait = 10_000;
      try {
        const next = await fetchRotatingCode(campaignId, checkpointId);
        if (stopped) return;
        setShown(next);
        setError(undefined);
        wait = Math.max(1_000, Date.parse(next.changesAt) - Date.now() + 500);
      } catch (e) {
        if (!stopped) setError(toError(e));
      }
      if (!stopped) timer = setTimeout(() => void refresh(), wait);
    }
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [campaignId, checkpointId, toError]);
  return (
    <>
      <PageHeading title={t('rally.codeScreen')} lead={t('rally.codeScreenLead')} />
      <ErrorAlert error={error} />
      {shown && (
        <div className="rally-code-screen">
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(shown.qrSvg)}`}
            alt={t('rally.codeScreenQr')}
            width={320}
            height={320}
          />
          <p aria-live="polite">
            {t('rally.staffCode')}: <strong className="rally-code-big">{shown.code}</strong>
          </p>
          <p className="field-hint">
            {t('rally.codeScreenChanges', { at: formatJst(shown.changesAt) ?? shown.changesAt })}
          </p>
        </div>
      )}
      <p>
        <Link to={`/rally?id=${encodeURIComponent(campaignId)}`}>{t('rally.backToCampaign')}</Link>
      </p>
    </>
  );
}

/** Stamps per checkpoint and day: days down (row headers), checkpoints across, totals both ways. */
function CheckpointDayTable({ stats }: { stats: RallyStatistics }) {
  const t = useT();
  const grid = checkpointDayGrid(stats);
  if (grid.days.length === 0) {
    return (
      <>
        <h3>{t('rally.perCheckpointDay')}</h3>
        <p>{t('rally.perCheckpointDayNone')}</p>
      </>
    );
  }
  return (
    <DataTable
      caption={t('rally.perCheckpointDay')}
      columns={[
        t('rally.day'),
        ...grid.checkpoints.map((c) => ({ name: c.name, className: 'num' })),
        { name: t('rally.total'), className: 'num' },
      ]}
    >
      {grid.days.map((d) => (
        <tr key={d.day}>
          <th scope="row">{d.day}</th>
          {d.counts.map((count, index) => (
            <td key={grid.checkpoints[index]?.id} className="num">
              {count}
            </td>
          ))}
          <td className="num">{d.total}</td>
        </tr>
      ))}
      <tr>
        <th scope="row">{t('rally.total')}</th>
        {grid.checkpoints.map((c) => (
          <td key={c.id} className="num">
            {c.total}
          </td>
        ))}
        <td className="num">{grid.total}</td>
      </tr>
    </DataTable>
  );
}

/**
 * Counts as a table whose number cells carry a bar (CSS only, hidden from screen readers): the
 * table is the chart and its own text alternative.
 */
/** A table of counts by label; with `bars`, each count also drawn as a bar against the largest. */
function CountTable({
  caption,
  columns,
  rows,
  bars = false,
}: {
  caption: string;
  columns: [string, string];
  rows: { key: string; label: string; count: number }[];
  bars?: boolean;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <DataTable caption={caption} columns={[columns[0], { name: columns[1], className: 'num' }]}>
      {rows.map((r) => (
        <tr key={r.key}>
          <td>{r.label}</td>
          {bars ? (
            <td className="num rally-bar-cell">
              <span className="rally-bar" style={{ width: `${(r.count / max) * 100}%` }} aria-hidden="true" />
              <span className="rally-bar-value">{r.count}</span>
            </td>
          ) : (
            <td className="num">{r.count}</td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * A part of the campaign page, named by its heading (`rally.<name>`, with the id `rally-<name>`);
 * with `action`, the alert of its actions' last failure under the heading (always there, so that
 * a failure is announced).
 */
function RallySection({
  name,
  action,
  children,
}: {
  name: 'new' | 'checkpoints' | 'prizes' | 'statistics' | 'applicants';
  action?: { error: ApiError | undefined };
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section aria-labelledby={`rally-${name}`}>
      <h2 id={`rally-${name}`}>{t(`rally.${name}`)}</h2>
      {action && <ErrorAlert error={action.error} />}
      {children}
    </section>
  );
}
