/** The reporter rates the written answer once, after closure. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Satisfaction } from '../../api/types.ts';
import { useErrorMessage } from '../../components/ErrorNotice.tsx';
import { Field, FieldSet } from '../../components/Field.tsx';
import { useRateCase } from './hooks.ts';

const CHOICES: Satisfaction[] = ['satisfied', 'neutral', 'unsatisfied'];
const storageKey = (code: string) => `civicgrid.rated.${code}`;

function rememberedRating(code: string): boolean {
  try {
    return localStorage.getItem(storageKey(code)) === '1';
  } catch {
    return false;
  }
}

function rememberRating(code: string): void {
  try {
    localStorage.setItem(storageKey(code), '1');
  } catch {
    // Without storage the form shows again and the server answers "already rated".
  }
}

export function RatingForm({ code, rated }: { code: string; rated: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const rate = useRateCase(code);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [outcome, setOutcome] = useState<'thanks' | 'already' | null>(() =>
    rated || rememberedRating(code) ? 'already' : null,
  );

  if (outcome) {
    return (
      <p className="notice notice-success" role="status">
        {outcome === 'thanks' ? t('track.rating.thanks') : t('track.rating.already')}
      </p>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!satisfaction) {
      setMissing(true);
      document.getElementById('rating-choice')?.focus();
      return;
    }
    rate.mutate(
      { satisfaction, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      {
        onSuccess: () => {
          rememberRating(code);
          setOutcome('thanks');
        },
        onError: (error) => {
          if (error.isConflict) {
            rememberRating(code);
            setOutcome('already');
          }
        },
      },
    );
  };

  return (
    <form className="rating-form" noValidate onSubmit={onSubmit}>
      <FieldSet
        id="rating-choice"
        legend={t('track.rating.question')}
        required
        error={missing && !satisfaction ? t('track.rating.choose') : undefined}
      >
        <div className="options options-row">
          {CHOICES.map((choice) => (
            <label key={choice} className="option option-pill">
              <input
                type="radio"
                name="satisfaction"
                value={choice}
                checked={satisfaction === choice}
                onChange={() => setSatisfaction(choice)}
              />
              <span>{t(`satisfaction.${choice}`)}</span>
            </label>
          ))}
        </div>
      </FieldSet>
      <Field id="rating-comment" label={t('track.rating.comment')}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        )}
      </Field>
      {rate.isError && !rate.error.isConflict ? (
        <p className="notice notice-error" role="alert">
          {rate.error.status === 422 ? t('track.rating.notYet') : errorMessage(rate.error)}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={rate.isPending}>
        {rate.isPending ? t('common.sending') : t('track.rating.send')}
      </button>
    </form>
  );
}
