/**
 * How a form shows the server's refusal: a field error beside its field (by JSON
 * pointer), and whatever no field on the form explains as one alert under the form.
 */
import { ApiError } from '../api/client.ts';
import { useErrorMessage } from './ErrorNotice.tsx';

/** The server's message for the field at `pointer`, if the error names it. */
export function fieldErrorOf(error: unknown, pointer: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldErrors.find((f) => f.field === pointer)?.message;
}

/**
 * The error of a failed submit unless every field error it names is shown beside a field
 * of the form (`shownFields`, JSON pointers or pointer prefixes ending in `/`).
 */
export function FormProblem({
  error,
  shownFields = [],
  detail = false,
}: {
  error: unknown;
  shownFields?: readonly string[];
  /** Also show the server's own sentence (it names what was wrong, e.g. a feature of a file). */
  detail?: boolean;
}) {
  const message = useErrorMessage();
  if (!error) return null;
  const shown = (field: string) =>
    shownFields.some((f) => (f.endsWith('/') ? field.startsWith(f) : field === f));
  if (
    error instanceof ApiError &&
    error.fieldErrors.length > 0 &&
    error.fieldErrors.every((f) => shown(f.field))
  )
    return null;
  return (
    <div className="field-error form-problem" role="alert">
      <p>{message(error)}</p>
      {detail && error instanceof ApiError && error.detail ? <p>{error.detail}</p> : null}
    </div>
  );
}
