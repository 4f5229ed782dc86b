/** zh-CN ⇄ en, each button labelled in its own language; the choice is remembered. */
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

const NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = currentLanguage(i18n.language);
  return (
    <div className="language-switch" role="group" aria-label={t('layout.language')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={language === current}
          onClick={() => void changeLanguage(language)}
        >
          {NAMES[language]}
        </button>
      ))}
    </div>
  );
}
