/** Staff sign-in (`/signin`); afterwards the staff page, or where the reader was going. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useLocation, useSearch } from 'wouter';
import { useErrorMessage } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useSession, useSignIn } from './hooks.ts';

/** Only paths inside the app: never a redirect to another site. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/staff';
}

export function SignInPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const search = useSearch();
  const [, navigate] = useLocation();
  const session = useSession();
  const signIn = useSignIn();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ login?: boolean; password?: boolean }>({});
  const next = safeNext(search);

  if (session.data && !signIn.isSuccess) return <Redirect to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problems = { login: !login.trim(), password: !password };
    setMissing(problems);
    if (problems.login || problems.password) {
      document.getElementById(problems.login ? 'signin-login' : 'signin-password')?.focus();
      return;
    }
    signIn.mutate(
      { login: login.trim(), password },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  };

  const failure = signIn.error
    ? signIn.error.status === 401
      ? t('signin.wrong')
      : signIn.error.status === 429
        ? t('signin.tooMany')
        : errorMessage(signIn.error)
    : null;

  return (
    <div className="narrow">
      <PageHeading title={t('signin.title')}>{t('signin.lead')}</PageHeading>
      <form className="card" noValidate onSubmit={onSubmit}>
        {failure ? (
          <p className="notice notice-error" role="alert">
            {failure}
          </p>
        ) : null}
        <Field
          id="signin-login"
          label={t('signin.login')}
          required
          error={missing.login ? t('signin.loginMissing') : undefined}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              value={login}
              onChange={(e) => setLogin(e.target.value)}
            />
          )}
        </Field>
        <Field
          id="signin-password"
          label={t('signin.password')}
          required
          error={missing.password ? t('signin.passwordMissing') : undefined}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-wide" disabled={signIn.isPending}>
          {signIn.isPending ? t('signin.signingIn') : t('signin.submit')}
        </button>
      </form>
    </div>
  );
}
