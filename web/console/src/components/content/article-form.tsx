import { useId, useState } from 'react';
import { moveItem } from '../../content/course';
import { fieldId } from '../../content/field-paths';
import { CONTENT_LANG_KEYS } from '../../content/labels';
import type { ArticleData } from '../../content/model';
import { useT } from '../../i18n';
import { Button } from '../button';
import { SmallButton } from '../small-button';
import { TagsField } from './data-fields';
import { useContentForm } from './form-context';
import { FormSection, fieldSetter, useFieldBinder } from './form-section';
import { LocalizedField } from './localized-field';
import { MarkdownPreview } from './markdown-preview';
import { PhotosSection } from './photo-field';
import { SpotPicker, spotLabel, useSpotTitles } from './spot-picker';
import '../../i18n-content';

const MAX_RELATED = 30;

/** The fields of a 特集記事. */
export function ArticleForm({
  value,
  onChange,
}: {
  value: ArticleData;
  onChange: (next: ArticleData) => void;
}) {
  const t = useT();
  const id = useId();
  const { lang, error, readOnly } = useContentForm();
  const set = fieldSetter(value, onChange);
  const bind = useFieldBinder(value, (part) => onChange({ ...value, ...part }));
  const [preview, setPreview] = useState(false);
  const related = value.relatedSpotIds ?? [];
  const { title, remember } = useSpotTitles(related);
  const [announcement, setAnnouncement] = useState('');

  return (
    <>
      <FormSection title={t('content.section.basic')}>
        <LocalizedField {...bind('title')} required maxLength={200} />
        <LocalizedField
          {...bind('summary')}
          hint={t('content.article.summaryHint')}
          lines={3}
          maxLength={1000}
        />
        <TagsField value={value.tags} onChange={(v) => set('tags', v)} />
      </FormSection>

      <PhotosSection
        single
        value={value.heroImageId ? [value.heroImageId] : []}
        onChange={(ids) => set('heroImageId', ids[0])}
      />
      <FormSection title={t('content.section.body')}>
        <LocalizedField
          {...bind('body')}
          hint={t('content.article.bodyHint')}
          required
          lines={18}
          maxLength={100_000}
        />
        <div className="actions actions-compact">
          <Button
            look="secondary"
            aria-pressed={preview}
            aria-controls={`${id}-preview`}
            onClick={() => setPreview((p) => !p)}
          >
            {t('content.article.preview')}
          </Button>
        </div>
        <div id={`${id}-preview`}>
          {preview && (
            <section className="preview" aria-labelledby={`${id}-preview-title`}>
              <h3 id={`${id}-preview-title`}>
                {t('content.article.previewTitle', { lang: t(CONTENT_LANG_KEYS[lang]) })}
              </h3>
              <p className="field-hint">{t('content.article.previewNote')}</p>
              <MarkdownPreview source={value.body?.[lang] ?? ''} lang={lang} />
            </section>
          )}
        </div>
      </FormSection>

      <FormSection title={t('content.section.related')}>
        <div id={fieldId('relatedSpotIds')} tabIndex={-1}>
          <p className="field-hint">{t('content.related.hint')}</p>
          {error('relatedSpotIds') && <p className="field-error">{error('relatedSpotIds')}</p>}
          <p role="status" className="visually-hidden">
            {announcement}
          </p>
          {related.length === 0 ? (
            <p>{t('content.related.empty')}</p>
          ) : (
            <ol className="related-list">
              {related.map((spotId, index) => {
                const name = spotLabel(title(spotId), spotId, t);
                const problem = error(`relatedSpotIds.${index}`);
                return (
                  <li key={spotId} id={fieldId(`relatedSpotIds.${index}`)} tabIndex={-1}>
                    <span className="picker-name">{name}</span>
                    {problem && <span className="field-error">{problem}</span>}
                    {!readOnly && (
                      <span className="inline-actions">
                        <SmallButton
                          disabled={index === 0}
                          onClick={() => {
                            set('relatedSpotIds', moveItem(related, index, -1));
                            setAnnouncement(t('content.stops.moved', { name, n: index }));
                          }}
                          target={t('content.stops.target', { name })}
                        >
                          {t('content.stops.up')}
                        </SmallButton>
                        <SmallButton
                          disabled={index === related.length - 1}
                          onClick={() => {
                            set('relatedSpotIds', moveItem(related, index, 1));
                            setAnnouncement(t('content.stops.moved', { name, n: index + 2 }));
                          }}
                          target={t('content.stops.target', { name })}
                        >
                          {t('content.stops.down')}
                        </SmallButton>
                        <SmallButton
                          onClick={() => {
                            set(
                              'relatedSpotIds',
                              related.filter((r) => r !== spotId),
                            );
                            setAnnouncement(t('content.stops.removed', { name }));
                          }}
                          target={t('content.stops.target', { name })}
                        >
                          {t('content.stops.remove')}
                        </SmallButton>
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {!readOnly && related.length < MAX_RELATED && (
            <SpotPicker
              label={t('content.related.add')}
              pickLabel={t('content.picker.add')}
              chosenIds={related}
              onPick={(spot) => {
                remember(spot.id, spot.title);
                set('relatedSpotIds', [...related, spot.id]);
                setAnnouncement(t('content.related.added', { name: spot.title }));
              }}
            />
          )}
        </div>
      </FormSection>
    </>
  );
}
