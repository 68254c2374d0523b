// Sign-in with an API token: the token is checked against the server before it is kept.

import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { clearToken, saveToken } from '../../../lib/auth-token';
import { getSession } from '../api/get-session';
import { messageOf } from '../../../components/ui/query-state';

export function SignInPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    saveToken(token.trim());
    try {
      await getSession();
      navigate(params.get('next') ?? '/', { replace: true });
    } catch (failure) {
      clearToken();
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Quantum State Console</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
