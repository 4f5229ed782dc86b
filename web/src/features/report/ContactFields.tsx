/**
 * Anonymous, or contact details with explicit consent: the details are kept only to
 * handle this case and send the written answer. Either way the tracking code follows it.
 */
import { useTranslation } from 'react-i18next';
import { Field, FieldError, FieldSet } from '../../components/Field.tsx';
import type { ReportDraft } from './draft.ts';

type Contact = Pick<ReportDraft, 'contactMode' | 'name' | 'phone' | 'email' | 'consent'>;

export function ContactFields({
  value,
  onChange,
  errors,
}: {
  value: Contact;
  onChange: (change: Partial<Contact>) => void;
  errors: { contact?: string; name?: string; phone?: string; email?: string; consent?: string };
}) {
  const { t } = useTranslation();
  return (
    <FieldSet
      id="report-contact"
      legend={t('report.contact.legend')}
      error={errors.contact}
      className="section"
      legendHidden
    >
      <div className="options">
        <label className="option option-block">
          <input
            type="radio"
            name="contact-mode"
            value="anonymous"
            checked={value.contactMode === 'anonymous'}
            onChange={() => onChange({ contactMode: 'anonymous' })}
          />
          <span>
            <strong>{t('report.contact.anonymous')}</strong>
            <span className="option-hint">{t('report.contact.anonymousHint')}</span>
          </span>
        </label>
        <label className="option option-block">
          <input
            type="radio"
            name="contact-mode"
            value="contact"
            checked={value.contactMode === 'contact'}
            onChange={() => onChange({ contactMode: 'contact' })}
          />
          <span>
            <strong>{t('report.contact.give')}</strong>
            <span className="option-hint">{t('report.contact.giveHint')}</span>
          </span>
        </label>
      </div>
      {value.contactMode === 'contact' ? (
        <div className="contact-details">
          <Field id="report-name" label={t('report.contact.name')} error={errors.name}>
            {(props) => (
              <input
                {...props}
                type="text"
                autoComplete="name"
                maxLength={100}
                value={value.name}
                onChange={(e) => onChange({ name: e.target.value })}
              />
            )}
          </Field>
          <Field
            id="report-phone"
            label={t('report.contact.phone')}
            hint={t('report.contact.phoneOrEmail')}
            error={errors.phone}
          >
            {(props) => (
              <input
                {...props}
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                maxLength={30}
                value={value.phone}
                onChange={(e) => onChange({ phone: e.target.value })}
              />
            )}
          </Field>
          <Field id="report-email" label={t('report.contact.email')} error={errors.email}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                maxLength={200}
                value={value.email}
                onChange={(e) => onChange({ email: e.target.value })}
              />
            )}
          </Field>
          <div className={errors.consent ? 'field field-invalid' : 'field'}>
            <FieldError id="report-consent" error={errors.consent} />
            <label className="option option-block consent">
              <input
                id="report-consent"
                type="checkbox"
                checked={value.consent}
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? 'report-consent-error' : undefined}
                onChange={(e) => onChange({ consent: e.target.checked })}
              />
              <span>{t('report.contact.consent')}</span>
            </label>
          </div>
        </div>
      ) : null}
    </FieldSet>
  );
}
