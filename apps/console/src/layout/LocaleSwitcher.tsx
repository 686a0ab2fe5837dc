import { useEffect, useState } from 'react';
import { Button, Menu, MenuItem, Tooltip } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';
import CheckIcon from '@mui/icons-material/Check';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { LOCALES } from '../i18n/i18nProvider';
import { session } from '../session';
import type { SentinelDataProvider } from '../dataProvider';

/** Keeps <html lang> in step with the chosen language (screen readers, CJK font selection). */
export function useHtmlLang() {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}

/**
 * Language menu. The choice is remembered in localStorage and, when signed in, saved to the
 * user's profile (PUT /api/auth/me {locale}) so it follows them to other machines.
 */
export const LocaleSwitcher = ({ color = 'inherit' }: { color?: 'inherit' | 'primary' }) => {
  const [locale, setLocale] = useLocaleState();
  const dp = useDataProvider<SentinelDataProvider>();
  const t = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = LOCALES.find((l) => l.locale === locale) ?? LOCALES[0];

  const choose = (next: string) => {
    setAnchor(null);
    if (next === locale) return;
    session.setLocale(next);
    setLocale(next);
    if (session.isSignedIn()) void dp.updateMe({ locale: next }).catch(() => undefined);
  };

  return (
    <>
      <Tooltip title={t('app.language')}>
        <Button
          color={color}
          onClick={(e) => setAnchor(e.currentTarget)}
          startIcon={<TranslateIcon />}
          aria-haspopup="menu"
          aria-label={t('app.language')}
          data-testid="locale-switcher"
          sx={{ textTransform: 'none', fontWeight: 500, minWidth: 0 }}
        >
          {current.name}
        </Button>
      </Tooltip>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {LOCALES.map((l) => (
          <MenuItem key={l.locale} selected={l.locale === locale} onClick={() => choose(l.locale)} lang={l.locale} sx={{ minWidth: 160, gap: 1 }}>
            <CheckIcon fontSize="small" sx={{ visibility: l.locale === locale ? 'visible' : 'hidden' }} />
            {l.name}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
};
