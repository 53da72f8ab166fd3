import { useId } from 'react';
import { RIGHT_LEVELS, RIGHT_MODULES, type RightLevel, type RightModule, type Rights } from '../api';
import { useT } from '../i18n';
import { rightLevelHelpKeys, rightLevelKeys, rightModuleKeys } from '../rights';

/**
 * The rights matrix: one radio group (fieldset + legend) per module, inside a fieldset for the
 * whole matrix. Arrow keys move within a module's levels, Tab moves to the next module.
 */
export function RightsMatrix({
  value,
  onChange,
  error,
}: {
  value: Rights;
  onChange: (next: Rights) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset
      className="rights-matrix"
      aria-describedby={[`${id}-hint`, `${id}-help`, error ? errorId : undefined].filter(Boolean).join(' ')}
    >
      <legend>{t('rights.legend')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('rights.hint')}
      </p>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <div className="rights-grid">
        {RIGHT_MODULES.map((module) => (
          <ModuleRights
            key={module}
            name={`${id}-${module}`}
            module={module}
            value={value[module]}
            onChange={(level) => onChange({ ...value, [module]: level })}
          />
        ))}
      </div>
      <RightsHelp id={`${id}-help`} />
    </fieldset>
  );
}

function ModuleRights({
  name,
  module,
  value,
  onChange,
}: {
  name: string;
  module: RightModule;
  value: RightLevel;
  onChange: (level: RightLevel) => void;
}) {
  const t = useT();
  return (
    <fieldset className="rights-row">
      <legend className="rights-module">{t(rightModuleKeys[module])}</legend>
      {RIGHT_LEVELS.map((level) => (
        <label key={level} className="rights-option">
          <input
            type="radio"
            name={name}
            value={level}
            checked={value === level}
            onChange={() => onChange(level)}
          />
          <span>{t(rightLevelKeys[level])}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** What each level allows, as a small table. */
export function RightsHelp({ id }: { id?: string }) {
  const t = useT();
  return (
    <table id={id} className="data-table rights-help">
      <caption>{t('rights.helpTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rights.helpLevel')}</th>
          <th scope="col">{t('rights.helpAllows')}</th>
        </tr>
      </thead>
      <tbody>
        {RIGHT_LEVELS.map((level) => (
          <tr key={level}>
            <th scope="row">{t(rightLevelKeys[level])}</th>
            <td>{t(rightLevelHelpKeys[level])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
