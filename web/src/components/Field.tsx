/**
 * A labelled form control with its hint and error, linked for screen readers
 * (`aria-describedby`, `aria-invalid`); required fields say so in words, not only with a mark.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Props every control inside a `Field` receives. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

export function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function RequiredMark({ required }: { required?: boolean }) {
  const { t } = useTranslation();
  if (!required) return <span className="optional">{t('common.optional')}</span>;
  return <span className="required">{t('common.required')}</span>;
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  );
}

export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const props: ControlProps = { id };
  const described = describedBy(id, hint, error);
  if (described) props['aria-describedby'] = described;
  if (error) props['aria-invalid'] = true;
  if (required) props['aria-required'] = true;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label} <RequiredMark required={required} />
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      {children(props)}
    </div>
  );
}

/** A group of radios or checkboxes under one legend. */
export function FieldSet({
  id,
  legend,
  hint,
  error,
  required,
  children,
  className,
  legendHidden = false,
}: {
  id: string;
  legend: ReactNode;
  /** The legend is read by screen readers only (a visible heading already says it). */
  legendHidden?: boolean;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset
      id={id}
      className={`field fieldset${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(id, hint, error)}
      tabIndex={-1}
    >
      <legend className={legendHidden ? 'visually-hidden' : undefined}>
        {legend} {required !== undefined ? <RequiredMark required={required} /> : null}
      </legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      {children}
    </fieldset>
  );
}
