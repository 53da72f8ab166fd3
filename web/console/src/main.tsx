import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { type AppVariant, AppVariantContext } from './app-variant';
import { applyDocumentLang, initialLang, LanguageProvider } from './i18n';
import { createOpsRouter } from './ops/router';
import { isOpsPath } from './paths';
import { createConsoleRouter } from './router';
import './styles.css';

// Set <html lang> before the first paint so screen readers start in the right language.
applyDocumentLang(initialLang());

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root is missing from index.html');

// One bundle, two apps: the provider's operator console under /ops, the organisation console
// everywhere else (/console). Vite's base stays /console/; asset URLs are absolute.
const variant: AppVariant = isOpsPath(window.location.pathname) ? 'ops' : 'console';
const router = variant === 'ops' ? createOpsRouter() : createConsoleRouter();

createRoot(rootElement).render(
  <StrictMode>
    <LanguageProvider>
      <AppVariantContext.Provider value={variant}>
        <RouterProvider router={router} />
      </AppVariantContext.Provider>
    </LanguageProvider>
  </StrictMode>,
);
