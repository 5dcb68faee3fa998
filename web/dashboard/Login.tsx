// Sign-in with a pasted dashboard token; says why when a token expired or was refused.
import { useState } from 'preact/hooks';
import { Icon } from '../shared/icons';
import type { Lang } from '../shared/lang';
import { decodeClaims, isExpired } from './session';
import type { T } from './strings';

export type LoginProblem = 'expired' | 'rejected' | 'invalid';

interface Props {
  t: T;
  lang: Lang;
  setLang(lang: Lang): void;
  problem: LoginProblem | null;
  onToken(token: string): void;
}

export function Login({ t, lang, setLang, problem, onToken }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<LoginProblem | null>(null);
  const shown = error ?? problem;
  const message =
    shown === 'expired' ? t('tokenExpired') : shown === 'rejected' ? t('tokenRejected') : shown === 'invalid' ? t('tokenInvalid') : null;

  const submit = (e: Event) => {
    e.preventDefault();
    const token = value.trim();
    const claims = decodeClaims(token);
    if (!claims) return setError('invalid');
    if (isExpired(claims)) return setError('expired');
    onToken(token);
  };

  return (
    <div class="login">
      <button class="btn ghost small login-lang" type="button" onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}>
        <Icon name="globe" /> {t('language')}
      </button>
      <form class="card login-card" onSubmit={submit}>
        <div class="brand big">
          <span class="logo" aria-hidden="true">
            س
          </span>
          <div>
            <strong>{t('appName')}</strong>
            <span class="brand-sub">{t('dashboard')}</span>
          </div>
        </div>
        <h1>{t('signInTitle')}</h1>
        <p class="muted">{t('signInHelp')}</p>
        {message && (
          <p class="notice" role="alert">
            {message}
          </p>
        )}
        <label class="field">
          {t('tokenLabel')}
          <textarea
            class="input mono"
            rows={4}
            value={value}
            onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)}
            spellcheck={false}
            autoFocus
            placeholder="eyJhbGciOi…"
          />
        </label>
        <button class="btn primary" type="submit" disabled={!value.trim()}>
          {t('signIn')}
        </button>
        <p class="muted small">{t('devHint')}</p>
      </form>
    </div>
  );
}
