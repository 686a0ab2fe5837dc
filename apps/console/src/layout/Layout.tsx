import { useEffect, type ReactNode } from 'react';
import { CheckForApplicationUpdate, Layout as RaLayout, useGetIdentity, useLocaleState } from 'react-admin';
import { AppBar } from './AppBar';
import { AppMenu } from './Menu';
import { useHtmlLang } from './LocaleSwitcher';
import { normaliseLocale } from '../i18n/i18nProvider';
import { session } from '../session';
import { ShortcutsProvider } from '../shortcuts/ShortcutsProvider';
import { ForcedSecurityScreen } from '../account/ForcedSecurityScreen';
import { loadMe } from '../authProvider';

/** Applies the language saved in the user's profile when this browser has no choice of its own. */
function useProfileLocale() {
  const { identity } = useGetIdentity();
  const [locale, setLocale] = useLocaleState();
  const profileLocale = normaliseLocale((identity as { locale?: string | null } | undefined)?.locale);
  useEffect(() => {
    if (!session.getLocale() && profileLocale && profileLocale !== locale) {
      session.setLocale(profileLocale);
      setLocale(profileLocale);
    }
  }, [profileLocale, locale, setLocale]);
}

export const Layout = ({ children }: { children: ReactNode }) => {
  useHtmlLang();
  useProfileLocale();
  const { identity, refetch } = useGetIdentity();
  const pending = identity as { mustChangePassword?: boolean; mfaEnrolmentRequired?: boolean } | undefined;
  if (pending?.mustChangePassword || pending?.mfaEnrolmentRequired) {
    return <ForcedSecurityScreen mustChangePassword={!!pending.mustChangePassword} onDone={() => void loadMe(true).then(() => refetch())} />;
  }
  return (
    <ShortcutsProvider>
      <RaLayout appBar={AppBar} menu={AppMenu}>
        {children}
        <CheckForApplicationUpdate />
      </RaLayout>
    </ShortcutsProvider>
  );
};
