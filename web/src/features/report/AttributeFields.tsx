/** The chosen category's extra questions, each as the control its datatype needs. */
import { useTranslation } from 'react-i18next';
import type { CategoryAttribute } from '../../api/types.ts';
import { Field, FieldSet } from '../../components/Field.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { fieldId } from './draft.ts';

export function AttributeFields({
  attributes,
  answers,
  onChange,
  errors,
}: {
  attributes: CategoryAttribute[];
  answers: Record<string, string | string[]>;
  onChange: (code: string, value: string | string[]) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const en = currentLanguage(i18n.language) === 'en';
  if (attributes.length === 0) return null;
  const sorted = [...attributes].sort((a, b) => a.order - b.order);
  return (
    <div className="questions">
      {sorted.map((def) => {
        const id = fieldId(`attributes.${def.code}`);
        const label = en ? def.descriptionEn : def.descriptionZh;
        const error = errors[def.code];
        const value = answers[def.code];
        const text = typeof value === 'string' ? value : '';
        const list = Array.isArray(value) ? value : [];
        const choices = def.values ?? [];
        switch (def.datatype) {
          case 'singlevaluelist':
            if (choices.length > 7) {
              return (
                <Field key={def.code} id={id} label={label} required={def.required} error={error}>
                  {(props) => (
                    <select
                      {...props}
                      value={text}
                      onChange={(e) => onChange(def.code, e.target.value)}
                    >
                      <option value="">{t('report.questions.choose')}</option>
                      {choices.map((c) => (
                        <option key={c.key} value={c.key}>
                          {en ? c.nameEn : c.nameZh}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              );
            }
            return (
              <FieldSet key={def.code} id={id} legend={label} required={def.required} error={error}>
                <div className="options">
                  {choices.map((c) => (
                    <label key={c.key} className="option">
                      <input
                        type="radio"
                        name={id}
                        value={c.key}
                        checked={text === c.key}
                        onChange={() => onChange(def.code, c.key)}
                      />
                      <span>{en ? c.nameEn : c.nameZh}</span>
                    </label>
                  ))}
                </div>
              </FieldSet>
            );
          case 'multivaluelist':
            return (
              <FieldSet
                key={def.code}
                id={id}
                legend={label}
                hint={t('report.questions.several')}
                required={def.required}
                error={error}
              >
                <div className="options">
                  {choices.map((c) => (
                    <label key={c.key} className="option">
                      <input
                        type="checkbox"
                        name={id}
                        value={c.key}
                        checked={list.includes(c.key)}
                        onChange={(e) =>
                          onChange(
                            def.code,
                            e.target.checked ? [...list, c.key] : list.filter((k) => k !== c.key),
                          )
                        }
                      />
                      <span>{en ? c.nameEn : c.nameZh}</span>
                    </label>
                  ))}
                </div>
              </FieldSet>
            );
          case 'text':
            return (
              <Field key={def.code} id={id} label={label} required={def.required} error={error}>
                {(props) => (
                  <textarea
                    {...props}
                    rows={3}
                    maxLength={5000}
                    value={text}
                    onChange={(e) => onChange(def.code, e.target.value)}
                  />
                )}
              </Field>
            );
          case 'number':
            return (
              <Field
                key={def.code}
                id={id}
                label={label}
                hint={t('report.questions.number')}
                required={def.required}
                error={error}
              >
                {(props) => (
                  <input
                    {...props}
                    type="text"
                    inputMode="decimal"
                    className="input-short"
                    value={text}
                    onChange={(e) => onChange(def.code, e.target.value)}
                  />
                )}
              </Field>
            );
          case 'datetime':
            return (
              <Field key={def.code} id={id} label={label} required={def.required} error={error}>
                {(props) => (
                  <input
                    {...props}
                    type="datetime-local"
                    className="input-short"
                    value={text}
                    onChange={(e) => onChange(def.code, e.target.value)}
                  />
                )}
              </Field>
            );
          default:
            return (
              <Field key={def.code} id={id} label={label} required={def.required} error={error}>
                {(props) => (
                  <input
                    {...props}
                    type="text"
                    maxLength={500}
                    value={text}
                    onChange={(e) => onChange(def.code, e.target.value)}
                  />
                )}
              </Field>
            );
        }
      })}
    </div>
  );
}
