import type { CourseData } from '../../content/model';
import { useT } from '../../i18n';
import { CourseStopsEditor } from './course-stops-editor';
import { TagsField } from './data-fields';
import { FormSection, fieldSetter } from './form-section';
import { LocalizedField } from './localized-field';
import { useSpotTitles } from './spot-picker';

/** The fields of a モデルコース. */
export function CourseForm({ value, onChange }: { value: CourseData; onChange: (next: CourseData) => void }) {
  const t = useT();
  const set = fieldSetter(value, onChange);
  const stops = value.stops ?? [];
  const { title, remember } = useSpotTitles(stops.map((s) => s.spotId));
  return (
    <>
      <FormSection title={t('content.section.basic')}>
        <LocalizedField
          path="name"
          label={t('field.name')}
          required
          value={value.name}
          onChange={(v) => set('name', v)}
          maxLength={200}
        />
        <TagsField value={value.tags} onChange={(v) => set('tags', v)} />
        <LocalizedField
          path="description"
          label={t('field.description')}
          multiline
          rows={6}
          value={value.description}
          onChange={(v) => set('description', v)}
          maxLength={8000}
        />
      </FormSection>
      <FormSection title={t('content.section.stops')}>
        <CourseStopsEditor
          stops={stops}
          onChange={(v) => set('stops', v)}
          spotTitle={title}
          rememberSpot={remember}
        />
      </FormSection>
    </>
  );
}
