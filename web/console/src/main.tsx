import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { type AppVariant, AppVariantContext } from './app-variant';
import { applyDocumentLang, initialLang, LanguageProvider } from './i18n';
import { isOpsPath } from './paths';
import './styles.css';

// Set <html lang> before the first paint so screen readers start in the right language.
applyDocumentLang(initialLang());

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root is missing from index.html');

// One build, two apps: the provider's operator console under /ops, the organisation console
// everywhere else (/console); each loads only its own router (and its screens when opened).
// Vite's base stays /console/; asset URLs are absolute.
const variant: AppVariant = isOpsPath(window.location.pathname) ? 'ops' : 'console';
const router =
  variant === 'ops'
    ? (await import('./ops/router')).createOpsRouter()
    : (await import('./router')).createConsoleRouter();

createRoot(rootElement).render(
  <StrictMode>
    <LanguageProvider>
      <AppVariantContext.Provider value={variant}>
        <RouterProvider router={router} />
      </AppVariantContext.Provider>
    </LanguageProvider>
  </StrictMode>,
);
