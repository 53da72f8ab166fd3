import type { CourseData } from '../../content/model';
import { useT } from '../../i18n';
import { CourseStopsEditor } from './course-stops-editor';
import { FormSection, fieldSetter } from './form-section';
import { BasicSection } from './form-sections';
import { PhotosSection } from './photo-field';
import { useSpotTitles } from './spot-picker';
import '../../i18n-content';

/** The fields of a モデルコース. */
export function CourseForm({ value, onChange }: { value: CourseData; onChange: (next: CourseData) => void }) {
  const t = useT();
  const set = fieldSetter(value, onChange);
  const stops = value.stops ?? [];
  const { title, remember } = useSpotTitles(stops.map((s) => s.spotId));
  return (
    <>
      <BasicSection value={value} onPatch={(part) => onChange({ ...value, ...part })} descriptionRows={6} />
      <PhotosSection value={value.imageIds ?? []} onChange={(imageIds) => set('imageIds', imageIds)} />
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
